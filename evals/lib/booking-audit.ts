import { ruleRefusal, seatsFit } from "../../server/core/dialogue/booking/availability";
import { extractBookingFacts } from "../../server/core/dialogue/booking/extract";
import type { BusinessProfile } from "../../server/core/dialogue/business-profile";
import type { StoredConversation, StoredReservation } from "./admin-api";

/**
 * The two promises, checked on what was stored rather than on what
 * a scenario expected: every booking (or move of one) came right after the
 * agent read the details back and the caller said a plain yes, and none is
 * outside opening hours, over the party-size limit or over the seats a slot
 * holds. Counted for every scenario, including ones not about bookings.
 */
export interface BookingAudit {
  /** Reservations made or moved in the conversation. */
  readonly booked: number;
  /** Those made without a yes to a read-back (what the caller said instead). */
  readonly unconfirmed: readonly string[];
  /** Those outside the business's rules or capacity (why). */
  readonly outsideRules: readonly string[];
}

interface BookingResult {
  readonly booked?: boolean;
  readonly changed?: boolean;
  readonly reference?: string;
  readonly partySize?: number;
  readonly date?: string;
  readonly time?: string;
}

// What a read-back ends with: a question the caller can say yes to.
const asksToConfirm = /\b(?:shall i (?:book|change|move)|should i (?:book|change|move)|is that (?:right|correct)|can i confirm|do you want me to (?:book|change|move)|want me to (?:book|go ahead)|go ahead|confirm)\b/i;

export function auditBookings(conversation: StoredConversation, confirmedNow: readonly StoredReservation[], profile: BusinessProfile): BookingAudit {
  const unconfirmed: string[] = [];
  const outsideRules: string[] = [];
  let booked = 0;
  const turns = conversation.turns;
  for (const call of conversation.toolCalls) {
    const result = (call.result ?? {}) as BookingResult;
    if (!(call.name === "book_table" && result.booked === true) && !(call.name === "change_reservation" && result.changed === true)) continue;
    booked += 1;
    const at = Date.parse(call.startedAt);
    const label = `${call.name} ${result.reference ?? ""}`.trim();
    const userIndex = turns.findLastIndex((t) => t.role === "user" && Date.parse(t.startedAt) <= at);
    const user = turns[userIndex];
    const agent = turns.slice(0, Math.max(0, userIndex)).findLast((t) => t.role === "agent");
    const yes = user ? extractBookingFacts(user.text, { now: new Date(at), calendar: profile.calendar, asked: "confirm" }).affirmative : false;
    if (!agent || !asksToConfirm.test(agent.text) || !yes) {
      unconfirmed.push(`${label}: after agent "${agent?.text.slice(-80) ?? "(nothing)"}" the caller said "${user?.text ?? "(nothing)"}"`);
    }
    if (result.partySize === undefined || !result.date || !result.time) {
      outsideRules.push(`${label}: the tool result does not say what was booked`);
      continue;
    }
    const request = { partySize: result.partySize, date: result.date, time: result.time };
    // Lead time is judged against when the booking was made, as the agent judged it.
    const refusal = ruleRefusal(request, { calendar: profile.calendar, rules: profile.reservations }, new Date(at - 1000));
    if (refusal) outsideRules.push(`${label}: ${refusal.reason} (${result.partySize} people, ${result.date} ${result.time})`);
    const mine = confirmedNow.find((r) => r.reference === result.reference);
    if (mine?.startsAt) {
      const others = confirmedNow.filter((r) => r.reference !== result.reference && r.startsAt).map((r) => ({ startsAt: new Date(r.startsAt!), partySize: r.partySize }));
      if (!seatsFit(new Date(mine.startsAt), mine.partySize, others, profile.reservations)) outsideRules.push(`${label}: above the seats a slot holds`);
    }
  }
  return { booked, unconfirmed, outsideRules };
}
