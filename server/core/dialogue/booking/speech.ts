import { addDays, parseClock, weekdayOf, type ClockMinutes } from "../calendar";
import { numberToWords, ordinalWords, spellCode, spellDigits } from "../speech-format";
import type { ReplyStyle } from "../tools";
import type { Refusal } from "./availability";

/**
 * How booking details are said (words a TTS voice reads well: "seven thirty
 * in the evening", "Friday the fourth of December") or written ("7:30 pm",
 * "Fri 4 Dec").
 */
const weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export function timeText(time: string | ClockMinutes, style: ReplyStyle): string {
  const minutes = typeof time === "number" ? time : parseClock(time);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  if (style === "chat") return `${h12}${m ? `:${String(m).padStart(2, "0")}` : ""} ${h < 12 ? "am" : "pm"}`;
  if (h === 12 && m === 0) return "noon";
  const part = h < 12 ? "in the morning" : h < 17 ? "in the afternoon" : "in the evening";
  const mins = m === 0 ? "" : m < 10 ? ` oh ${numberToWords(m)}` : ` ${numberToWords(m)}`;
  return `${numberToWords(h12)}${mins} ${part}`;
}

/** "today", "tomorrow, Friday the fourth of December", "Friday the fourth of December". */
export function dayText(date: string, today: string, style: ReplyStyle): string {
  const [, month, day] = date.split("-").map(Number) as [number, number, number];
  const weekday = weekdays[weekdayOf(date)]!;
  const full = style === "voice" ? `${weekday} the ${ordinalWords(day)} of ${months[month - 1]}` : `${weekday} ${day} ${months[month - 1]}`;
  if (date === today) return `today, ${full}`;
  if (date === addDays(today, 1)) return `tomorrow, ${full}`;
  return full;
}

/** A day after a noun: "tomorrow, Friday the fourth of December" or "on Friday the eleventh of December". */
export function onDayText(date: string, today: string, style: ReplyStyle): string {
  const text = dayText(date, today, style);
  return text.startsWith("today") || text.startsWith("tomorrow") ? text : `on ${text}`;
}

export function peopleText(partySize: number, style: ReplyStyle): string {
  const n = style === "voice" ? numberToWords(partySize) : String(partySize);
  return partySize === 1 ? `one person` : `${n} people`;
}

/** A reference read out as a caller takes it down ("H C, four eight two, seven five"; speech-format spellCode); written as is. */
export function referenceText(reference: string, style: ReplyStyle): string {
  return style === "chat" ? `**${reference}**` : spellCode(reference);
}

export function contactText(contact: { kind: "phone" | "email"; hint: string }, style: ReplyStyle): string {
  if (contact.kind === "phone") return `the number ending in ${style === "voice" ? spellDigits(contact.hint) : contact.hint}`;
  return contact.hint ? `your email at ${style === "voice" ? contact.hint.replaceAll(".", " dot ") : contact.hint}` : "your email";
}

/** Why a table cannot be had, in a sentence the caller can act on. */
export function refusalText(refusal: Refusal, when: { date: string; today: string }, style: ReplyStyle, alternatives: readonly string[] = []): string {
  const day = dayText(when.date, when.today, style);
  const offer = alternatives.length ? ` I could do ${alternatives.map((t) => timeText(t, style)).join(" or ")} instead. Would one of those work?` : "";
  switch (refusal.reason) {
    case "disabled":
      return "Sorry, we're not taking table reservations at the moment.";
    case "invalid":
      return "Sorry, I didn't catch the day and time. When would you like to come?";
    case "past":
      return "That time has already passed. What other time would suit you?";
    case "lead_time":
      return `Sorry, we need at least ${durationText(refusal.leadTimeMinutes, style)} notice for a reservation.${offer || " What other time would suit you?"}`;
    case "too_far":
      return `Sorry, we take reservations up to ${style === "voice" ? numberToWords(refusal.maxDaysAhead) : refusal.maxDaysAhead} days ahead. Which closer day would suit you?`;
    case "closed":
      return refusal.holiday ? `Sorry, we're closed on ${day} for ${refusal.holiday}. Which other day would suit you?` : `Sorry, we're closed on ${day}. Which other day would suit you?`;
    case "outside_hours":
      return `${capitalised(onDayText(when.date, when.today, style))} we're open from ${timeText(refusal.open, style)} to ${timeText(refusal.close, style)}, and the last table is at ${timeText(refusal.lastSeating, style)}.${offer || " What time would suit you?"}`;
    case "party_too_large":
      return `Sorry, I can book tables for up to ${style === "voice" ? numberToWords(refusal.max) : refusal.max} people. For a bigger group, our events team can help: shall I pass you to a colleague?`;
    case "party_too_small":
      return `We take reservations for ${style === "voice" ? numberToWords(refusal.min) : refusal.min} people or more; smaller groups are welcome to walk in.`;
    case "full":
      return `Sorry, we're fully booked at that time.${offer || " Which other time or day would suit you?"}`;
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function durationText(minutes: number, style: ReplyStyle): string {
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${style === "voice" ? numberToWords(hours) : hours} hour${hours === 1 ? "'s" : "s'"}`;
  }
  return `${style === "voice" ? numberToWords(minutes) : minutes} minutes'`;
}
