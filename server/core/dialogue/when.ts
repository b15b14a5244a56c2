import { addDays, businessMoment, isoOf, isValidDate, weekdayOf, type ClockMinutes } from "./calendar";

/**
 * Dates, times and counts in what callers say or type, the way speech
 * recognisers write them ("for four people tomorrow at seven p m", "next
 * friday at half past six") as well as typed ("4 ppl, 12/5? no: Dec 5th,
 * 7:30pm"). Relative days are resolved against the business's own calendar:
 * "today" is the business's today, not the server's.
 */

const units: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50 };
const ordinalUnits: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
const months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const monthPattern = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const weekdayPattern = "(sun|mon|tue|tues|wed|thu|thur|thurs|fri|sat)(?:day|nesday|rsday|urday|sday)?";

/**
 * Lower case, number words as numerals ("twenty one" → 21, "fifth" → 5th),
 * "p m" / "p.m." → pm, "o'clock" → oclock. Homophones ("for", "to") stay words.
 */
export function normaliseWhen(text: string): string {
  let s = ` ${text.toLowerCase().replace(/[‐-―]/g, "-")} `;
  s = s.replace(/\b([ap])\s*\.?\s*m\b\.?/g, "$1m").replace(/\bo'?\s?clock\b/g, "oclock");
  s = s.replace(/([a-z])-([a-z])/g, "$1 $2");
  const tensAlt = Object.keys(tens).join("|");
  const unitAlt = Object.keys(units).filter((u) => units[u]! >= 1 && units[u]! <= 9).join("|");
  const ordAlt = Object.keys(ordinalUnits).join("|");
  s = s.replace(new RegExp(`\\b(${tensAlt})\\s+(${ordAlt})\\b`, "g"), (_m, t: string, o: string) => `${tens[t]! + ordinalUnits[o]!}th`);
  s = s.replace(new RegExp(`\\b(${ordAlt})\\b`, "g"), (o: string) => `${ordinalUnits[o]}th`);
  s = s.replace(new RegExp(`\\b(${tensAlt})\\s+(${unitAlt})\\b`, "g"), (_m, t: string, u: string) => String(tens[t]! + units[u]!));
  s = s.replace(new RegExp(`\\b(${tensAlt}|${Object.keys(units).join("|")})\\b`, "g"), (w: string) => String(tens[w] ?? units[w]));
  s = s.replace(/\b(\d+)(?:st|nd|rd|th)\b/g, "$1th");
  // "7 30 pm" → "7:30 pm" (a spoken time); "7 o 5" is rare enough to leave.
  s = s.replace(/\b(\d{1,2})\s+(\d{2})\s*(am|pm|oclock)\b/g, "$1:$2 $3").replace(/\bat\s+(\d{1,2})\s+([1-5]\d)\b/g, "at $1:$2");
  s = s.replace(/\b(\d{1,2})(am|pm)\b/g, "$1 $2");
  return s.replace(/\s+/g, " ").trim();
}

/** A day the caller named, as YYYY-MM-DD in the business's calendar. */
export function resolveDate(normalised: string, now: Date, timeZone: string): string | undefined {
  const today = businessMoment(now, timeZone).date;
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(normalised);
  if (iso && isValidDate(iso[0])) return iso[0];
  if (/\bday after tomorrow\b/.test(normalised)) return addDays(today, 2);
  if (/\btomorrow\b/.test(normalised)) return addDays(today, 1);
  if (/\b(today|tonight|this (morning|afternoon|evening)|now)\b/.test(normalised)) return today;
  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:th)? (?:of )?${monthPattern}\\b`).exec(normalised);
  const monthDay = new RegExp(`\\b${monthPattern} (?:the )?(\\d{1,2})(?:th)?\\b(?!:)`).exec(normalised);
  if (dayMonth || monthDay) {
    const day = Number(dayMonth ? dayMonth[1] : monthDay![2]);
    const month = monthIndex(dayMonth ? dayMonth[2]! : monthDay![1]!);
    return nextDateOf(month, day, today);
  }
  const weekday = new RegExp(`\\b(?:(this|next|on|coming)\\s+)?${weekdayPattern}\\b`).exec(normalised);
  if (weekday) {
    const target = weekdays.findIndex((d) => d.startsWith(weekday[2]!.slice(0, 3)));
    const delta = (target - weekdayOf(today) + 7) % 7;
    // "This Friday" on a Friday is today; "Friday" and "next Friday" mean the coming one.
    // The read-back names the full date, so a caller who meant the week after can say so.
    return addDays(today, delta === 0 && weekday[1] !== "this" ? 7 : delta);
  }
  const dayOnly = /\b(?:on )?the (\d{1,2})th\b/.exec(normalised);
  if (dayOnly) {
    const [y, m] = today.split("-").map(Number) as [number, number];
    const thisMonth = isoOf(y, m, Number(dayOnly[1]));
    if (isValidDate(thisMonth) && thisMonth >= today) return thisMonth;
    const next = m === 12 ? isoOf(y + 1, 1, Number(dayOnly[1])) : isoOf(y, m + 1, Number(dayOnly[1]));
    return isValidDate(next) ? next : undefined;
  }
  return undefined;
}

function monthIndex(name: string): number {
  return months.findIndex((m) => m.startsWith(name.slice(0, 3))) + 1;
}

/** The next `month`/`day` on or after today (so "January 3rd" said in December is next year's). */
function nextDateOf(month: number, day: number, today: string): string | undefined {
  const year = Number(today.slice(0, 4));
  const candidate = isoOf(year, month, day);
  if (!isValidDate(candidate)) return undefined;
  return candidate >= today ? candidate : isoOf(year + 1, month, day);
}

export interface SpokenTime {
  /** Minutes after midnight. */
  readonly minutes: ClockMinutes;
  /** False when the caller gave no am/pm and no 24-hour clock: the caller of `pickHalfDay` decides. */
  readonly definite: boolean;
}

const homophones: Record<string, string> = { for: "4", fore: "4", to: "2", too: "2", ate: "8", won: "1" };

/**
 * Number words a recogniser wrote as their homophones where only a number
 * fits: right before "people" ("a table for for people", "for to people") or
 * before "pm" ("at for pm"). Elsewhere "for" and "to" stay words.
 */
export function numberHomophones(normalised: string): string {
  return normalised.replace(new RegExp(`\\b(for|fore|to|too|ate|won) (?=(?:${sizeWords})\\b|(?:am|pm|oclock)\\b)`, "g"), (_m, w: string) => `${homophones[w]} `);
}

/** A clock time the caller named: "7 pm", "7:30", "19:00", "half past 6", "noon". */
export function parseTime(text: string): SpokenTime | undefined {
  const normalised = numberHomophones(text);
  if (/\b(noon|midday)\b/.test(normalised)) return { minutes: 12 * 60, definite: true };
  // "Saturday lunchtime": noon, when no clock time is given too ("for lunch at 1" is 1 pm; checked last).
  const lunch = /\b(?:lunch ?time|for lunch|at lunch|lunch)\b/.test(normalised);
  const evening = /\b(tonight|evening|night|dinner|afternoon)\b/.test(normalised);
  const morning = /\b(morning|breakfast)\b/.test(normalised);
  const hinted = (h: number, m: number, suffix?: string): SpokenTime | undefined => {
    if (h > 23 || m > 59) return undefined;
    if (suffix === "am" || suffix === "pm") {
      if (h < 1 || h > 12) return undefined;
      return { minutes: ((h % 12) + (suffix === "pm" ? 12 : 0)) * 60 + m, definite: true };
    }
    if (h > 12 || h === 0) return { minutes: h * 60 + m, definite: true };
    if (evening && h < 12) return { minutes: (h + 12) * 60 + m, definite: true };
    if (morning) return { minutes: h * 60 + m, definite: true };
    return { minutes: h * 60 + m, definite: false };
  };
  const relative = /\b(half|quarter) (past|to) (\d{1,2})\b(?:\s*(am|pm))?/.exec(normalised);
  if (relative) {
    const hour = Number(relative[3]);
    const offset = relative[1] === "half" ? 30 : 15;
    return relative[2] === "past" ? hinted(hour, offset, relative[4]) : hinted(hour === 1 ? 12 : hour - 1, 60 - offset, relative[4]);
  }
  const clock = /\b(\d{1,2}):(\d{2})\s*(am|pm)?/.exec(normalised);
  if (clock) return hinted(Number(clock[1]), Number(clock[2]), clock[3]);
  const suffixed = /\b(\d{1,2})\s*(am|pm|oclock)\b/.exec(normalised);
  if (suffixed) return hinted(Number(suffixed[1]), 0, suffixed[2]);
  const at = /\b(?:at|around|about|by) (\d{1,2})\b(?!:| (?:people|persons?|guests|of us|adults|pax))/.exec(normalised);
  if (at) return hinted(Number(at[1]), 0);
  return lunch ? { minutes: 12 * 60, definite: true } : undefined;
}

/**
 * "At seven" without am/pm: the half of the day the business is open at,
 * else the afternoon/evening for small hours (nobody books a table for 3 am).
 */
export function pickHalfDay(time: SpokenTime, isOpenAt: (minutes: ClockMinutes) => boolean): ClockMinutes {
  if (time.definite) return time.minutes;
  const am = time.minutes % (12 * 60);
  const pm = am + 12 * 60;
  if (isOpenAt(am) && !isOpenAt(pm)) return am;
  if (isOpenAt(pm) && !isOpenAt(am)) return pm;
  if (time.minutes === 12 * 60 || (time.minutes >= 12 * 60 && time.minutes < 13 * 60)) return time.minutes;
  return am < 7 * 60 ? pm : isOpenAt(am) ? am : pm;
}

const sizeWords = "people|persons?|guests?|adults|of us|pax|diners|covers";

/** How many people: "for 4 people", "table for two", "party of 6", "6 of us", "just me". */
export function parsePartySize(text: string): number | undefined {
  const normalised = numberHomophones(text);
  const patterns = [
    new RegExp(`\\b(\\d{1,3}) (?:${sizeWords})\\b`),
    /\b(?:table|party|booking|reservation|group|room) (?:for|of) (\d{1,3})\b(?!\s*(?::\d|am|pm|oclock))/,
    /\bwe(?:'re| are| will be|'ll be) (\d{1,3})\b(?!\s*(?::\d|am|pm|oclock))/,
    /\b(?:make it|change it to|it's|it is|said) (\d{1,3})(?! ?(?::\d|am|pm|oclock))\b(?!.*\b(?:am|pm|oclock)\b)/,
    /\bfor (\d{1,3})\b(?!\s*(?::\d|am|pm|oclock|th|minutes|hours))/,
  ];
  for (const pattern of patterns) {
    const m = pattern.exec(normalised);
    if (m && !precededByAt(normalised, m.index, m[0], m[1]!)) return Number(m[1]);
  }
  if (/\b(?:just me|only me|just myself|table for one)\b/.test(normalised)) return 1;
  if (/\b(?:just the two of us|a couple of us|me and my (?:wife|husband|partner|friend))\b/.test(normalised)) return 2;
  return undefined;
}

// "at 7 for 4 people" is fine; "book for 4 at 7" is fine; only "at 4" itself is a time.
function precededByAt(text: string, index: number, match: string, value: string): boolean {
  const start = index + match.indexOf(value);
  return /\bat\s*$/.test(text.slice(Math.max(0, start - 4), start));
}

/** A bare number, for an answer to "how many people?" or "what time?". */
export function bareNumber(normalised: string): number | undefined {
  const m = /^(?:(?:uh|um|er|ok|okay|yes|no|oh|so|sorry|just|only|about|around|maybe|i think|it's|its|it is|we are|we're|make it|actually),? )*(\d{1,3})(?: please| thanks| thank you)?$/.exec(normalised.replace(/[.,!?]/g, "").trim());
  return m ? Number(m[1]) : undefined;
}
