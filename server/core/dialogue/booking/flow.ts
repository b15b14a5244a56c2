import type { BusinessProfile } from "../business-profile";
import { clockString, hoursOn, parseClock, type ClockMinutes } from "../calendar";
import type { ChannelKind } from "../../ports";
import type { ReplyEvent } from "../dialogue";
import type { BookingDraft, DialogueState } from "../state";
import type { ReplyStyle } from "../tools";
import { pickHalfDay } from "../when";
import type { BookingFacts } from "./extract";
import { refusalText } from "./speech";

/**
 * The local brain's booking conversation: fills party size, day, time, name
 * and contact over as many turns as the caller needs (or one), takes
 * corrections ("no, I said six people"), checks availability as soon as it
 * can, reads everything back and books only on a plain "yes" — by calling
 * the same tools the LLM calls, so the rules and the confirmation guard live
 * in one place (booking-tools.ts).
 */
export interface BookingFlowContext {
  readonly profile: BusinessProfile;
  readonly style: ReplyStyle;
  readonly channel: ChannelKind;
  readonly callerNumber?: string;
  /** True when the caller's words this turn are a plain yes to the read-back. */
  readonly confirmedReadBack: boolean;
  /** True when the agent's last words were the read-back (so a bare "no" means "change something"). */
  readonly awaitingConfirmation: boolean;
  /** True when they are a plain yes to "shall I cancel it?". */
  readonly confirmedCancel: boolean;
  /** True when they are a plain yes to "shall I change it?" (moving a reservation). */
  readonly confirmedChange: boolean;
  /** Runs a tool (recorded like every tool call); `say` is its reply, not yet emitted. */
  run(name: string, args: Record<string, unknown>): Promise<{ events: ReplyEvent[]; say?: string; result?: unknown }>;
  /** Keeps a contact for the booking (phone calls: "the number you're calling from"). */
  rememberContact(contact: string): Promise<void>;
}

const head: ReplyEvent = { type: "route", route: "intent", intent: "reservation", confidence: 1 };

/** Whether the caller's words start a booking (or a cancellation) without any booking in progress. */
export function wantsReservation(text: string): boolean {
  return /\b(book|reserve)\b(?!.*\b(?:policy|policies)\b)|\b(?:make|have|get|need|want)\b.*\b(?:reservation|booking)\b|\btable for\b|\b(?:get|grab|need|want|have|find|save|hold|squeeze us in|fit us in)\b.*\b(?:a table|some seats|a few seats)\b|\bcancel\b.*\b(?:reservation|booking)\b|\bHC[- ]?[A-Z0-9]{4,6}\b/i.test(text);
}

/**
 * A booking in progress takes the turn unless the caller clearly asked
 * something else (`otherIntent`: a confident match to another intent) and
 * said nothing about the booking.
 */
export function continuesBooking(facts: BookingFacts, state: DialogueState, text: string, otherIntent: boolean): boolean {
  // "Is there parking nearby?" in the middle of a booking is its own question: answered, and the booking waits.
  if (state.booking) return aboutTheBooking(facts) || (!otherIntent && !asksSomethingElse(text));
  return startsBooking(facts, text, state);
}

/** The turn says something to the booking: a detail, a yes or no, a reference, or a change of plan. */
export function aboutTheBooking(facts: BookingFacts): boolean {
  return hasDetails(facts) || facts.affirmative || facts.negative || facts.abandon || facts.cancel || facts.change || facts.reference !== undefined;
}

function asksSomethingElse(text: string): boolean {
  return /\?\s*$/.test(text.trim()) || /^\s*(?:(?:hmm+|um+|uh+|oh|so|and|also|actually|wait|sorry|ok|okay),?\s+)*(?:is|are|do|does|did|can|could|will|would|what|what's|whats|where|where's|when|how|why|which|who|have|has)\b/i.test(text);
}

/** No booking in progress, and this turn asks for one, or to cancel or move one. */
export function startsBooking(facts: BookingFacts, text: string, state?: DialogueState): boolean {
  // "4 people friday at 7": a head count with a day or time is a table request, whatever the verb.
  return wantsReservation(text) || facts.cancel || movesBooking(facts, state) || (facts.partySize !== undefined && Boolean(facts.date || facts.time));
}

/** The turn is about moving a booking: asked in so many words, "move it" right after one was made, or a move under way. */
function movesBooking(facts: BookingFacts, state?: DialogueState): boolean {
  const draft = state?.booking;
  if (facts.cancel) return false;
  if (facts.change || (facts.changeIt && !draft && state?.lastReservation !== undefined)) return true;
  return Boolean(draft && (draft.changing || draft.changeOf || (draft.asked === "reference" && draft.change)));
}

export async function bookingTurn(facts: BookingFacts, state: DialogueState, ctx: BookingFlowContext): Promise<ReplyEvent[]> {
  if (movesBooking(facts, state)) return changeTurn(facts, state, ctx);
  const draft = state.booking;
  // Cancelling an existing reservation: by reference, read back, then a yes.
  if (draft?.cancelling && ctx.confirmedCancel) return withHead(await ctx.run("cancel_reservation", { reference: draft.cancelling }));
  if (draft?.cancelling && facts.negative) {
    state.booking = undefined;
    return [head, text("Okay, I've left that reservation as it is. Anything else I can help with?")];
  }
  if (facts.cancel || draft?.asked === "reference" || draft?.cancelling) {
    if (facts.reference) return withHead(await ctx.run("cancel_reservation", { reference: facts.reference }));
    state.booking = { asked: "reference" };
    return [head, text(ctx.style === "voice" ? "Sure. What's the reservation reference? It starts with H C." : "Sure — what's the reservation reference? It looks like HC-12345.")];
  }
  if (facts.abandon) {
    state.booking = undefined;
    return [head, text("No problem, I won't book anything. Is there anything else I can help with?")];
  }
  const booking: BookingDraft = (state.booking ??= {});
  if (ctx.confirmedReadBack && booking.readBack === undefined && complete(booking)) {
    return withHead(await ctx.run("book_table", { partySize: booking.partySize, date: booking.date, time: booking.time, name: booking.name }));
  }
  if (ctx.awaitingConfirmation && facts.negative && !hasDetails(facts)) {
    return [head, text("No problem. What would you like to change: the number of people, the day, the time or the name?")];
  }
  const before = JSON.stringify([booking.partySize, booking.date, booking.time]);
  if (booking.asked === "contact" && !booking.contact && facts.affirmative && ctx.channel === "phone" && ctx.callerNumber) {
    await ctx.rememberContact(ctx.callerNumber);
    booking.contact = { kind: "phone", hint: ctx.callerNumber.replace(/\D/g, "").slice(-4) };
  }
  merge(booking, facts, ctx.profile);
  const limits = ctx.profile.reservations;
  // Too many (or too few) people is said at once: no day or time makes it bookable.
  if (booking.partySize !== undefined && (booking.partySize > limits.maxPartySize || booking.partySize < limits.minPartySize)) {
    const refusal = booking.partySize > limits.maxPartySize ? ({ reason: "party_too_large", max: limits.maxPartySize } as const) : ({ reason: "party_too_small", min: limits.minPartySize } as const);
    booking.partySize = undefined;
    booking.asked = "partySize";
    return [head, text(refusalText(refusal, { date: booking.date ?? "", today: "" }, ctx.style))];
  }
  const changed = JSON.stringify([booking.partySize, booking.date, booking.time]) !== before;
  const said: string[] = [];
  const events: ReplyEvent[] = [head];
  if (booking.partySize !== undefined && booking.date && booking.time && (changed || !booking.checked)) {
    const checked = await ctx.run("check_table_availability", { partySize: booking.partySize, date: booking.date, time: booking.time });
    events.push(...checked.events);
    const available = (checked.result as { available?: boolean } | undefined)?.available === true;
    if (!available) return [...events, text(checked.say ?? "Sorry, I can't book that. What other time would suit you?")];
    booking.checked = true;
    if (checked.say) said.push(checked.say);
  }
  const missing = nextQuestion(booking, ctx);
  if (missing) {
    booking.asked = missing.slot;
    return [...events, text([...said, missing.ask].join(" "))];
  }
  const booked = await ctx.run("book_table", { partySize: booking.partySize, date: booking.date, time: booking.time, name: booking.name });
  return [...events, ...booked.events, text([...said, booked.say ?? ""].join(" ").trim())];
}

/**
 * Moving an existing reservation: which one (this conversation's, or by
 * reference), what changes, then the tool reads the move back and makes it
 * only on the caller's yes to exactly that.
 */
async function changeTurn(facts: BookingFacts, state: DialogueState, ctx: BookingFlowContext): Promise<ReplyEvent[]> {
  const draft = state.booking;
  if (draft?.changing && ctx.confirmedChange) return withHead(await ctx.run("change_reservation", { ...draft.changing }));
  if ((facts.negative || facts.abandon) && !hasDetails(facts) && !facts.change) {
    state.booking = undefined;
    return [head, text("Okay, I've left your reservation as it was. Anything else I can help with?")];
  }
  const change = { ...(draft?.change ?? {}) };
  if (facts.partySize !== undefined) change.partySize = facts.partySize;
  if (facts.date) change.date = facts.date;
  if (facts.time) change.time = clockString(pickHalfDay(facts.time, openAt(change.date, ctx.profile)));
  const reference = facts.reference ?? draft?.changeOf ?? (draft?.asked === "reference" ? undefined : state.lastReservation);
  return withHead(await ctx.run("change_reservation", { ...(reference ? { reference } : {}), ...change }));
}

/** Whether the business is open at a time: on that day, or on any day when the day is not known yet. */
function openAt(date: string | undefined, profile: BusinessProfile): (m: ClockMinutes) => boolean {
  const day = date ? hoursOn(date, profile.calendar).open : null;
  const weekly = Object.values(profile.calendar.weekly).filter((d) => d !== null && d !== undefined);
  return (m) => (day ? m >= day.from && m < day.to : weekly.some((d) => m >= parseClock(d!.open) && m < parseClock(d!.close)));
}

function merge(booking: BookingDraft, facts: BookingFacts, profile: BusinessProfile): void {
  if (facts.partySize !== undefined) booking.partySize = facts.partySize;
  if (facts.date) booking.date = facts.date;
  if (facts.time) booking.time = clockString(pickHalfDay(facts.time, openAt(booking.date, profile)));
  if (facts.name) booking.name = facts.name;
  if (facts.partySize !== undefined || facts.date || facts.time) booking.checked = false;
}

function nextQuestion(booking: BookingDraft, ctx: BookingFlowContext): { slot: NonNullable<BookingDraft["asked"]>; ask: string } | undefined {
  const nothingYet = booking.partySize === undefined && !booking.date && !booking.time;
  if (nothingYet) return { slot: "partySize", ask: "I'd be happy to book a table for you. For how many people, and for which day and time?" };
  if (booking.partySize === undefined) return { slot: "partySize", ask: "For how many people?" };
  if (!booking.date) return { slot: "date", ask: "For which day?" };
  if (!booking.time) return { slot: "time", ask: "And what time would you like?" };
  if (!booking.name) return { slot: "name", ask: "What name should I put the booking under?" };
  if (!booking.contact) {
    if (ctx.channel === "phone" && ctx.callerNumber) return { slot: "contact", ask: "Can we reach you on the number you're calling from? If not, tell me another number or an email." };
    return { slot: "contact", ask: "And what phone number or email address can we reach you on?" };
  }
  return undefined;
}

export function hasDetails(facts: BookingFacts): boolean {
  return facts.partySize !== undefined || Boolean(facts.date || facts.time || facts.name || facts.contact);
}

function complete(booking: BookingDraft): booking is BookingDraft & { partySize: number; date: string; time: string; name: string } {
  return booking.partySize !== undefined && Boolean(booking.date && booking.time && booking.name);
}

function withHead(ran: { events: ReplyEvent[]; say?: string }): ReplyEvent[] {
  return [head, ...ran.events, ...(ran.say ? [text(ran.say)] : [])];
}

function text(delta: string): ReplyEvent {
  return { type: "text", delta };
}
