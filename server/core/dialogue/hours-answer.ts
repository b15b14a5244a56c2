import type { BusinessProfile } from "./business-profile";
import { addDays, businessMoment, clockString, hoursOn, nextOpenDay } from "./calendar";
import { dayText, onDayText, timeText } from "./booking/speech";
import type { ReplyStyle } from "./tools";
import { normaliseWhen, resolveDate } from "./when";

/**
 * Opening hours that fit the question: one day's hours when the caller named
 * a day ("what time do you close today", "are you open on Sunday", "open
 * now?"), resolved in the business's time zone with its holidays; the whole
 * week otherwise.
 */
export interface HoursAnswer {
  readonly result: Record<string, unknown>;
  readonly say: string;
}

/** The day a question about hours is about, or undefined for the week. */
export function hoursQuestionDate(text: string, now: Date, profile: BusinessProfile): string | undefined {
  const today = businessMoment(now, profile.calendar.timeZone).date;
  const lower = text.toLowerCase();
  // A holiday by name ("are you open on Christmas Day?"): its next date from today.
  const holiday = profile.calendar.holidays
    .filter((h) => h.date >= today && lower.includes(h.name.toLowerCase().replace(/'s\b/, "")))
    .sort((a, b) => b.name.length - a.name.length || a.date.localeCompare(b.date))[0];
  if (holiday) return holiday.date;
  return resolveDate(normaliseWhen(text), now, profile.calendar.timeZone);
}

/** The get_business_hours arguments for a question: the day it names, or none for the week. */
export function hoursArguments(text: string, now: Date, profile: BusinessProfile): { date?: string } {
  const date = hoursQuestionDate(text, now, profile);
  return date ? { date } : {};
}

export function hoursAnswer(profile: BusinessProfile, style: ReplyStyle, now: Date, date?: string): HoursAnswer {
  if (!date) {
    return { result: { hours: profile.hours.written }, say: style === "voice" ? profile.hours.spoken : `We're open ${profile.hours.written}.` };
  }
  const { calendar } = profile;
  const here = businessMoment(now, calendar.timeZone);
  const day = hoursOn(date, calendar);
  const label = dayText(date, here.date, style);
  const onDay = onDayText(date, here.date, style);
  const OnDay = onDay[0]!.toUpperCase() + onDay.slice(1);
  const because = day.holiday ? ` for ${day.holiday}` : "";
  if (!day.open) {
    const next = nextOpenDay(date, calendar);
    const reopen = next?.open ? ` We're next open ${onDayText(next.date, here.date, style)}, from ${timeText(next.open.from, style)} to ${timeText(next.open.to, style)}.` : "";
    return { result: { date, open: false, holiday: day.holiday ?? null }, say: `We're closed ${onDayText(date, here.date, style)}${because}.${reopen}` };
  }
  const hours = { date, open: clockString(day.open.from), close: clockString(day.open.to), holiday: day.holiday ?? null };
  const span = `from ${timeText(day.open.from, style)} to ${timeText(day.open.to, style)}`;
  if (date === here.date) {
    if (here.minutes < day.open.from) return { result: { ...hours, openNow: false }, say: `We open ${span} ${label}${day.holiday ? ` (${day.holiday} hours)` : ""}, so we're not open yet.` };
    if (here.minutes >= day.open.to) {
      const next = nextOpenDay(addDays(date, 1), calendar);
      const reopen = next?.open ? ` We open again ${dayText(next.date, here.date, style)} at ${timeText(next.open.from, style)}.` : "";
      return { result: { ...hours, openNow: false }, say: `We're closed now: ${label} we were open ${span}.${reopen}` };
    }
    return { result: { ...hours, openNow: true }, say: `We're open now, until ${timeText(day.open.to, style)} ${label}${day.holiday ? ` (${day.holiday} hours)` : ""}.` };
  }
  return { result: hours, say: `${OnDay}${day.holiday ? ` (${day.holiday})` : ""} we're open ${span}.` };
}
