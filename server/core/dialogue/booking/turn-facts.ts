import type { BusinessCalendar } from "../business-profile";
import type { ReservationBook } from "../dialogue-ports";
import type { DialogueState } from "../state";
import { contactHint, extractBookingFacts, type BookingFacts } from "./extract";
import { hasDetails, startsBooking } from "./flow";

export interface BookingTurn {
  readonly facts: BookingFacts;
  /** What a plain yes this turn confirmed: the read-back, the reservation to cancel, or the move. */
  readonly confirmed?: { readBack?: NonNullable<DialogueState["booking"]>["readBack"]; cancelling?: string; changing?: NonNullable<DialogueState["booking"]>["changing"] };
  /** The agent's last words were the read-back. */
  readonly awaitingConfirmation: boolean;
}

/**
 * What this turn says about a booking, read from the caller's own words
 * (before redaction: the contact is needed for the booking itself, and goes
 * to the reservation book, never into the stored state). A plain yes counts
 * as confirmation only right after a read-back, and only once: the read-back
 * is spent whatever the caller says.
 */
export async function readBookingTurn(
  text: string,
  context: { now: Date; state: DialogueState; conversationId: string; calendar: BusinessCalendar; reservations?: ReservationBook },
): Promise<BookingTurn> {
  const { state } = context;
  const pending = state.booking;
  const facts = extractBookingFacts(text, { now: context.now, calendar: context.calendar, asked: pending?.asked });
  const plainYes = facts.affirmative && !hasDetails(facts) && !facts.abandon;
  const awaitingConfirmation = pending?.asked === "confirm";
  const confirmed =
    plainYes && awaitingConfirmation && pending?.readBack
      ? { readBack: pending.readBack }
      : plainYes && pending?.asked === "cancel" && pending.cancelling
        ? { cancelling: pending.cancelling }
        : plainYes && pending?.asked === "change" && pending.changing
          ? { changing: pending.changing }
          : undefined;
  if (pending && (pending.asked === "confirm" || pending.asked === "cancel" || (pending.asked === "change" && pending.changing))) {
    pending.readBack = undefined;
    pending.asked = undefined;
    if (!confirmed?.cancelling && !facts.negative) pending.cancelling = undefined;
    // A move not said yes to is spent, but which reservation it was about stays for the next answer.
    if (pending.changing && !confirmed?.changing) {
      pending.changeOf = pending.changing.reference;
      pending.changing = undefined;
    }
  }
  if (facts.contact && context.reservations && (state.booking || startsBooking(facts, text, state))) {
    // Not kept (the store is down): the agent just asks for it again.
    const kept = await context.reservations.rememberContact(context.conversationId, facts.contact.value).then(
      () => true,
      () => false,
    );
    if (kept) (state.booking ??= {}).contact = { kind: facts.contact.kind, hint: contactHint(facts.contact) };
  }
  return { facts, confirmed, awaitingConfirmation };
}
