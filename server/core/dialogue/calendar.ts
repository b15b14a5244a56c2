import { weekdayNames, type BusinessCalendar } from "./business-profile";

/**
 * The business's clock: civil dates ("2026-12-04") and minutes after midnight
 * in its own time zone, and the instants they name. Dates are ISO strings and
 * day arithmetic is done on the civil calendar (Date.UTC), never by adding
 * 24 h to an instant, so month ends and DST changes fall out right.
 */

/** Minutes after midnight, business time. */
export type ClockMinutes = number;

export interface BusinessMoment {
  /** YYYY-MM-DD in the business's zone. */
  readonly date: string;
  readonly minutes: ClockMinutes;
  /** 0 = Sunday. */
  readonly weekday: number;
}

export interface DayHours {
  readonly date: string;
  /** Null when closed all day. */
  readonly open: { readonly from: ClockMinutes; readonly to: ClockMinutes } | null;
  /** Set when a dated exception (a holiday) decides the day. */
  readonly holiday?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

function wallClock(instant: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour) % 24, minute: Number(parts.minute), second: Number(parts.second) };
}

/** What the business's clock and calendar say at `instant`. */
export function businessMoment(instant: Date, timeZone: string): BusinessMoment {
  const w = wallClock(instant, timeZone);
  const date = isoOf(w.year, w.month, w.day);
  return { date, minutes: w.hour * 60 + w.minute, weekday: weekdayOf(date) };
}

/** The instant at which the business's wall clock shows `date` `minutes` (a time skipped by DST moves forward). */
export function instantAt(date: string, minutes: ClockMinutes, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  // Two corrections settle every offset change (the second catches a guess on the other side of it).
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timeZone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
    guess += wanted - shown;
  }
  return new Date(guess);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return isoOf(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** 0 = Sunday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function daysBetween(from: string, to: string): number {
  const ms = (s: string) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number];
    return Date.UTC(y, m - 1, d);
  };
  return Math.round((ms(to) - ms(from)) / 86_400_000);
}

export function isValidDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return t.getUTCMonth() + 1 === Number(m[2]) && t.getUTCDate() === Number(m[3]);
}

export function isoOf(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export function parseClock(hhmm: string): ClockMinutes {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

export function clockString(minutes: ClockMinutes): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The opening hours of one date: a holiday entry wins over the weekly pattern. */
export function hoursOn(date: string, calendar: BusinessCalendar): DayHours {
  const holiday = calendar.holidays.find((h) => h.date === date);
  if (holiday) {
    return { date, holiday: holiday.name, open: holiday.open && holiday.close ? { from: parseClock(holiday.open), to: parseClock(holiday.close) } : null };
  }
  const day = calendar.weekly[weekdayNames[weekdayOf(date)]!];
  return { date, open: day ? { from: parseClock(day.open), to: parseClock(day.close) } : null };
}

/** The next date on or after `from` (within two weeks) that the business opens, or undefined. */
export function nextOpenDay(from: string, calendar: BusinessCalendar): DayHours | undefined {
  for (let i = 0; i < 14; i++) {
    const day = hoursOn(addDays(from, i), calendar);
    if (day.open) return day;
  }
  return undefined;
}
