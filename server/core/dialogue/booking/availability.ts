import type { BusinessCalendar, ReservationRules } from "../business-profile";
import { businessMoment, clockString, daysBetween, hoursOn, instantAt, isValidDate, parseClock, type ClockMinutes } from "../calendar";

/**
 * The booking rules, pure: opening hours (holidays included) with a last
 * seating before close, party size limits, lead time, how far ahead, and a
 * per-slot seat capacity where a reservation holds its seats for
 * `durationMinutes`. The same check runs when the caller asks and again,
 * under a lock, when the reservation is stored.
 */
export interface TableRequest {
  readonly partySize: number;
  /** YYYY-MM-DD, business time. */
  readonly date: string;
  /** HH:MM, business time. */
  readonly time: string;
}

/** An active reservation, as far as capacity is concerned. */
export interface BookedSeats {
  readonly startsAt: Date;
  readonly partySize: number;
}

export type Refusal =
  | { readonly reason: "invalid" }
  | { readonly reason: "past" }
  | { readonly reason: "lead_time"; readonly leadTimeMinutes: number }
  | { readonly reason: "too_far"; readonly maxDaysAhead: number }
  | { readonly reason: "closed"; readonly holiday?: string }
  | { readonly reason: "outside_hours"; readonly open: string; readonly close: string; readonly lastSeating: string }
  | { readonly reason: "party_too_large"; readonly max: number }
  | { readonly reason: "party_too_small"; readonly min: number }
  | { readonly reason: "disabled" }
  | { readonly reason: "full" };

export interface BookingRules {
  readonly calendar: BusinessCalendar;
  readonly rules: ReservationRules;
}

/** Why the request cannot be booked whatever else is booked, or undefined when the rules allow it. */
export function ruleRefusal(request: TableRequest, { calendar, rules }: BookingRules, now: Date): Refusal | undefined {
  if (!rules.enabled) return { reason: "disabled" };
  if (!isValidDate(request.date) || !/^\d{2}:\d{2}$/.test(request.time) || !Number.isInteger(request.partySize) || request.partySize < 1) return { reason: "invalid" };
  if (request.partySize > rules.maxPartySize) return { reason: "party_too_large", max: rules.maxPartySize };
  if (request.partySize < rules.minPartySize) return { reason: "party_too_small", min: rules.minPartySize };
  const startsAt = instantAt(request.date, parseClock(request.time), calendar.timeZone);
  if (startsAt.getTime() <= now.getTime()) return { reason: "past" };
  if (startsAt.getTime() - now.getTime() < rules.leadTimeMinutes * 60_000) return { reason: "lead_time", leadTimeMinutes: rules.leadTimeMinutes };
  if (daysBetween(businessMoment(now, calendar.timeZone).date, request.date) > rules.maxDaysAhead) return { reason: "too_far", maxDaysAhead: rules.maxDaysAhead };
  const day = hoursOn(request.date, calendar);
  if (!day.open) return { reason: "closed", ...(day.holiday ? { holiday: day.holiday } : {}) };
  const minutes = parseClock(request.time);
  const lastSeating = lastSeatingOf(day.open.from, day.open.to, rules);
  if (minutes < day.open.from || minutes > lastSeating) {
    return { reason: "outside_hours", open: clockString(day.open.from), close: clockString(day.open.to), lastSeating: clockString(lastSeating) };
  }
  return undefined;
}

function lastSeatingOf(from: ClockMinutes, to: ClockMinutes, rules: ReservationRules): ClockMinutes {
  return Math.max(from, to - rules.lastSeatingBeforeCloseMinutes);
}

/**
 * Whether `partySize` more seats fit from `startsAt` for the table's duration:
 * the most seats in use at once over that window, plus these, within capacity.
 * The peak can only be at the window's start or where another booking starts.
 */
export function seatsFit(startsAt: Date, partySize: number, booked: readonly BookedSeats[], rules: ReservationRules): boolean {
  const duration = rules.durationMinutes * 60_000;
  const start = startsAt.getTime();
  const end = start + duration;
  const peaks = [start, ...booked.map((b) => b.startsAt.getTime()).filter((t) => t > start && t < end)];
  return peaks.every((t) => {
    const inUse = booked.reduce((sum, b) => (b.startsAt.getTime() <= t && t < b.startsAt.getTime() + duration ? sum + b.partySize : sum), 0);
    return inUse + partySize <= rules.seatsPerSlot;
  });
}

/** The window whose bookings can overlap a table at `startsAt` (what to load before `seatsFit`). */
export function overlapWindow(startsAt: Date, rules: ReservationRules): { from: Date; to: Date } {
  const duration = rules.durationMinutes * 60_000;
  return { from: new Date(startsAt.getTime() - duration + 1), to: new Date(startsAt.getTime() + duration) };
}

/** The full check: rules first, then seats. */
export function availability(request: TableRequest, booking: BookingRules, now: Date, booked: readonly BookedSeats[]): Refusal | undefined {
  const refusal = ruleRefusal(request, booking, now);
  if (refusal) return refusal;
  const startsAt = instantAt(request.date, parseClock(request.time), booking.calendar.timeZone);
  return seatsFit(startsAt, request.partySize, booked, booking.rules) ? undefined : { reason: "full" };
}

/**
 * Bookable times on the same day nearest the one asked for (on the slot
 * grid), for "that's full — I can do 6:30 or 7:30". `booked` must cover the day.
 */
export function nearbyTimes(request: TableRequest, booking: BookingRules, now: Date, booked: readonly BookedSeats[], count = 2): string[] {
  const day = hoursOn(request.date, booking.calendar);
  if (!day.open || !isValidDate(request.date)) return [];
  const { slotMinutes } = booking.rules;
  const wanted = /^\d{2}:\d{2}$/.test(request.time) ? parseClock(request.time) : day.open.from;
  const candidates: ClockMinutes[] = [];
  for (let t = Math.ceil(day.open.from / slotMinutes) * slotMinutes; t <= lastSeatingOf(day.open.from, day.open.to, booking.rules); t += slotMinutes) {
    if (t !== wanted) candidates.push(t);
  }
  candidates.sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || a - b);
  const found: ClockMinutes[] = [];
  for (const t of candidates) {
    if (!availability({ ...request, time: clockString(t) }, booking, now, booked)) found.push(t);
    if (found.length === count) break;
  }
  return found.sort((a, b) => a - b).map(clockString);
}
