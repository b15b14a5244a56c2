import { addDays, businessMoment, clockString, instantAt, parseClock } from "../calendar";
import type { ReservationBook } from "../dialogue-ports";
import type { ToolContext, ToolOutcome } from "../tools";
import { availability, nearbyTimes, overlapWindow, seatsFit, type BookedSeats, type BookingRules, type Refusal, type TableRequest } from "./availability";
import { contactHint, contactIn } from "./extract";
import { contactText, dayText, onDayText, peopleText, referenceText, refusalText, timeText } from "./speech";

/**
 * The reservation tools' handlers, shared by the local brain and the LLM's
 * tool calls. Two promises are kept here, whoever calls: a table is booked
 * only right after the caller said yes to a read-back of exactly these
 * details (else the tool reads them back and waits), and never outside the
 * rules or above capacity (checked again, under a lock, as it is stored).
 */
export const MAX_RESERVATION_LOOKUPS = 5;

export async function checkTableAvailability(request: TableRequest, ctx: ToolContext): Promise<ToolOutcome> {
  const book = requireBook(ctx);
  const draft = (ctx.state.booking ??= {});
  draft.partySize = request.partySize;
  draft.date = request.date;
  const refusal = await refusalFor(request, ctx, book);
  const today = businessMoment(ctx.now, ctx.profile.calendar.timeZone).date;
  if (refusal) {
    const alternatives = await alternativesFor(refusal.refusal, request, ctx, book);
    forgetRefused(refusal.refusal, draft);
    return {
      result: { available: false, reason: refusal.refusal.reason, alternatives, ...refusalFacts(refusal.refusal) },
      say: refusalText(refusal.refusal, { date: request.date, today }, ctx.style, alternatives),
    };
  }
  draft.time = request.time;
  const at = `${onDayText(request.date, today, ctx.style)} at ${timeText(request.time, ctx.style)}`;
  return { result: { available: true, partySize: request.partySize, date: request.date, time: request.time }, say: `Good news: we have a table for ${peopleText(request.partySize, ctx.style)} ${at}.` };
}

export async function bookTable(args: TableRequest & { name: string; contact?: string }, ctx: ToolContext): Promise<ToolOutcome> {
  const book = requireBook(ctx);
  const { state, style } = ctx;
  const request: TableRequest = { partySize: args.partySize, date: args.date, time: args.time };
  const draft = (state.booking ??= {});
  Object.assign(draft, request, { name: args.name });
  const today = businessMoment(ctx.now, ctx.profile.calendar.timeZone).date;
  const refusal = await refusalFor(request, ctx, book);
  if (refusal) {
    const alternatives = await alternativesFor(refusal.refusal, request, ctx, book);
    forgetRefused(refusal.refusal, draft);
    return { result: { booked: false, reason: refusal.refusal.reason, alternatives, ...refusalFacts(refusal.refusal) }, say: refusalText(refusal.refusal, { date: request.date, today }, style, alternatives) };
  }
  // The LLM only ever sees the contact redacted: a real one in the arguments is kept, else the one the caller gave earlier.
  const given = args.contact ? contactIn(args.contact, true) : undefined;
  if (given) {
    await book.rememberContact(ctx.conversationId, given.value);
    draft.contact = { kind: given.kind, hint: contactHint(given) };
  }
  const contact = await book.recallContact(ctx.conversationId);
  if (!contact || !draft.contact) {
    draft.asked = "contact";
    return { result: { booked: false, missing: "contact", note: "Ask for a phone number or email address; it reaches you redacted, which is fine." }, say: "And what phone number or email address can we reach you on about the booking?" };
  }
  const details = { partySize: request.partySize, date: request.date, time: request.time, name: args.name };
  if (!sameDetails(ctx.confirmed?.readBack, details)) {
    draft.readBack = details;
    draft.asked = "confirm";
    const readBack = `Let me read that back: a table for ${peopleText(details.partySize, style)} ${onDayText(details.date, today, style)} at ${timeText(details.time, style)}, under the name ${details.name}, and we can reach you on ${contactText(draft.contact, style)}. Shall I book it?`;
    return { result: { booked: false, needsConfirmation: true, readBack, note: "Nothing is booked yet. Read this back and call book_table again with the same details only after the caller says yes." }, say: readBack };
  }
  const startsAt = instantAt(request.date, parseClock(request.time), ctx.profile.calendar.timeZone);
  const rules = ctx.profile.reservations;
  const stored = await book.create(
    { conversationId: ctx.conversationId, name: args.name, contact, partySize: request.partySize, startsAt },
    overlapWindow(startsAt, rules),
    (booked) => seatsFit(startsAt, request.partySize, booked, rules),
  );
  if (!stored) {
    const alternatives = await alternativesFor({ reason: "full" }, request, ctx, book);
    draft.time = undefined;
    draft.asked = "time";
    return { result: { booked: false, reason: "full", alternatives }, say: refusalText({ reason: "full" }, { date: request.date, today }, style, alternatives) };
  }
  state.booking = undefined;
  state.lastReservation = stored.reference;
  const reference = referenceText(stored.reference, style);
  return {
    result: { booked: true, reference: stored.reference, partySize: stored.partySize, date: request.date, time: request.time, name: stored.name },
    say: `You're booked: a table for ${peopleText(stored.partySize, style)} ${onDayText(request.date, today, style)} at ${timeText(request.time, style)}. Your reference is ${reference}. We'll hold the table for fifteen minutes. Anything else I can help with?`,
  };
}

export async function cancelReservation(reference: string, ctx: ToolContext): Promise<ToolOutcome> {
  const book = requireBook(ctx);
  const { state, style } = ctx;
  const lookups = state.reservationLookups ?? 0;
  if (lookups >= MAX_RESERVATION_LOOKUPS) {
    return { result: { refused: "reservation look-up limit for this conversation reached" }, say: "I can't look up any more reservations in this conversation. A colleague can help with the rest if you like." };
  }
  state.reservationLookups = lookups + 1;
  const found = await book.find(reference);
  const spoken = referenceText(reference, style);
  if (!found) {
    state.booking = { asked: "reference" };
    return { result: { found: false }, say: `I couldn't find a reservation with the reference ${spoken}. Could you check it and say it again?` };
  }
  if (found.status === "cancelled") {
    state.booking = undefined;
    return { result: { found: true, status: "cancelled" }, say: `The reservation ${spoken} is already cancelled.` };
  }
  const zone = ctx.profile.calendar.timeZone;
  const when = businessMoment(found.startsAt, zone);
  const today = businessMoment(ctx.now, zone).date;
  const described = `a table for ${peopleText(found.partySize, style)} ${onDayText(when.date, today, style)} at ${timeText(when.minutes, style)} under the name ${found.name}`;
  if (ctx.confirmed?.cancelling !== found.reference) {
    state.booking = { cancelling: found.reference, asked: "cancel" };
    return { result: { found: true, status: found.status, needsConfirmation: true, note: "Nothing is cancelled yet: call cancel_reservation again only after the caller says yes." }, say: `I have ${described}. Shall I cancel it?` };
  }
  await book.cancel(found.reference);
  state.booking = undefined;
  return { result: { cancelled: true, reference: found.reference }, say: `Done: your reservation for ${dayText(when.date, today, style)} is cancelled. Anything else I can help with?` };
}

/**
 * Moves a reservation to another day, time or party size (what is not given
 * stays as booked). Like booking: the first call checks the rules and seats
 * (its own seats do not count against it) and reads the move back; only a
 * call right after the caller's yes to exactly that move changes it.
 */
export async function changeReservation(args: { reference?: string; partySize?: number; date?: string; time?: string }, ctx: ToolContext): Promise<ToolOutcome> {
  const book = requireBook(ctx);
  const { state, style } = ctx;
  const change = { partySize: args.partySize, date: args.date, time: args.time };
  const reference = args.reference ?? state.lastReservation;
  if (!reference) {
    state.booking = { asked: "reference", change };
    return { result: { found: false, missing: "reference" }, say: style === "voice" ? "Sure. What's the reservation reference? It starts with H C." : "Sure — what's the reservation reference? It looks like HC-12345." };
  }
  const lookups = state.reservationLookups ?? 0;
  if (lookups >= MAX_RESERVATION_LOOKUPS) {
    return { result: { refused: "reservation look-up limit for this conversation reached" }, say: "I can't look up any more reservations in this conversation. A colleague can help with the rest if you like." };
  }
  state.reservationLookups = lookups + 1;
  const found = await book.find(reference);
  if (!found || found.status !== "confirmed") {
    state.booking = found ? undefined : { asked: "reference", change };
    const spoken = referenceText(reference, style);
    return { result: { found: Boolean(found), status: found?.status }, say: found ? `The reservation ${spoken} is cancelled, so there's nothing to move. I can book a new table if you like.` : `I couldn't find a reservation with the reference ${spoken}. Could you check it and say it again?` };
  }
  const zone = ctx.profile.calendar.timeZone;
  const was = businessMoment(found.startsAt, zone);
  const today = businessMoment(ctx.now, zone).date;
  const request: TableRequest = { partySize: change.partySize ?? found.partySize, date: change.date ?? was.date, time: change.time ?? clockString(was.minutes) };
  const described = (r: TableRequest) => `a table for ${peopleText(r.partySize, style)} ${onDayText(r.date, today, style)} at ${timeText(r.time, style)}`;
  if (change.partySize === undefined && !change.date && !change.time) {
    state.booking = { changeOf: found.reference, asked: "change" };
    return { result: { found: true, needsDetails: true }, say: `I have ${described({ partySize: found.partySize, date: was.date, time: clockString(was.minutes) })} under the name ${found.name}. What would you like to change: the day, the time or the number of people?` };
  }
  // Its own seats are free for the move.
  const others = dropOnce(await bookedAround(request.date, ctx, book), { startsAt: found.startsAt, partySize: found.partySize });
  const refusal = availability(request, rulesOf(ctx), ctx.now, others);
  if (refusal) {
    const alternatives = refusal.reason === "full" || refusal.reason === "outside_hours" || refusal.reason === "lead_time" ? nearbyTimes(request, rulesOf(ctx), ctx.now, others) : [];
    state.booking = { changeOf: found.reference, change: { ...change, time: undefined }, asked: refusal.reason === "party_too_large" ? "partySize" : "time" };
    return { result: { changed: false, reason: refusal.reason, alternatives, ...refusalFacts(refusal) }, say: refusalText(refusal, { date: request.date, today }, style, alternatives) };
  }
  const move = { reference: found.reference, ...request };
  const confirmed = ctx.confirmed?.changing;
  if (!confirmed || confirmed.reference !== move.reference || confirmed.partySize !== move.partySize || confirmed.date !== move.date || confirmed.time !== move.time) {
    state.booking = { changing: move, asked: "change" };
    const readBack = `Your reservation ${referenceText(found.reference, style)} is ${described({ partySize: found.partySize, date: was.date, time: clockString(was.minutes) })}. I can change it to ${described(request)}. Shall I change it?`;
    return { result: { changed: false, needsConfirmation: true, readBack, note: "Nothing is changed yet: call change_reservation again with the same details only after the caller says yes." }, say: readBack };
  }
  const startsAt = instantAt(request.date, parseClock(request.time), zone);
  const rules = ctx.profile.reservations;
  const moved = await book.reschedule(found.reference, { partySize: request.partySize, startsAt }, overlapWindow(startsAt, rules), (booked) => seatsFit(startsAt, request.partySize, booked, rules));
  if (!moved) {
    state.booking = { changeOf: found.reference, asked: "time" };
    return { result: { changed: false, reason: "full" }, say: refusalText({ reason: "full" }, { date: request.date, today }, style) };
  }
  state.booking = undefined;
  state.lastReservation = moved.reference;
  return {
    result: { changed: true, reference: moved.reference, partySize: request.partySize, date: request.date, time: request.time },
    say: `Done: your table is now for ${peopleText(request.partySize, style)} ${onDayText(request.date, today, style)} at ${timeText(request.time, style)}, and your reference is still ${referenceText(moved.reference, style)}. Anything else I can help with?`,
  };
}

function dropOnce(booked: readonly BookedSeats[], own: BookedSeats): BookedSeats[] {
  const index = booked.findIndex((b) => b.startsAt.getTime() === own.startsAt.getTime() && b.partySize === own.partySize);
  return index < 0 ? [...booked] : [...booked.slice(0, index), ...booked.slice(index + 1)];
}

function requireBook(ctx: ToolContext): ReservationBook {
  if (!ctx.reservations) throw new Error("reservations are not available");
  return ctx.reservations;
}

function rulesOf(ctx: ToolContext): BookingRules {
  return { calendar: ctx.profile.calendar, rules: ctx.profile.reservations };
}

/** Everything booked on the request's day (and a table's length either side), checked against the rules. */
async function refusalFor(request: TableRequest, ctx: ToolContext, book: ReservationBook): Promise<{ refusal: Refusal } | undefined> {
  const booked = await bookedAround(request.date, ctx, book);
  const refusal = availability(request, rulesOf(ctx), ctx.now, booked);
  return refusal ? { refusal } : undefined;
}

async function bookedAround(date: string, ctx: ToolContext, book: ReservationBook) {
  const zone = ctx.profile.calendar.timeZone;
  const margin = ctx.profile.reservations.durationMinutes * 60_000;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return [];
  const from = new Date(instantAt(date, 0, zone).getTime() - margin);
  const to = new Date(instantAt(addDays(date, 1), 0, zone).getTime() + margin);
  return book.bookedBetween(from, to);
}

async function alternativesFor(refusal: Refusal, request: TableRequest, ctx: ToolContext, book: ReservationBook): Promise<string[]> {
  if (refusal.reason !== "full" && refusal.reason !== "outside_hours" && refusal.reason !== "lead_time") return [];
  return nearbyTimes(request, rulesOf(ctx), ctx.now, await bookedAround(request.date, ctx, book));
}

/** A refused detail is asked again; the rest of the booking stays. */
function forgetRefused(refusal: Refusal, draft: NonNullable<ToolContext["state"]["booking"]>): void {
  if (refusal.reason === "closed" || refusal.reason === "too_far") {
    draft.date = undefined;
    draft.time = undefined;
    draft.asked = "date";
  } else if (refusal.reason === "party_too_large" || refusal.reason === "party_too_small") {
    draft.partySize = undefined;
    draft.asked = "partySize";
  } else {
    draft.time = undefined;
    draft.asked = "time";
  }
  draft.readBack = undefined;
}

function refusalFacts(refusal: Refusal): Record<string, unknown> {
  const { reason: _reason, ...facts } = refusal;
  return facts;
}

function sameDetails(a: { partySize: number; date: string; time: string; name: string } | undefined, b: { partySize: number; date: string; time: string; name: string }): boolean {
  return Boolean(a && a.partySize === b.partySize && a.date === b.date && a.time === b.time && a.name.trim().toLowerCase() === b.name.trim().toLowerCase());
}
