import type { ChannelKind } from "../../ports";
import type { BusinessProfile } from "../business-profile";
import type { ReplyEvent } from "../dialogue";
import type { ReservationBook } from "../dialogue-ports";
import type { DialogueState } from "../state";
import type { ReplyStyle } from "../tools";
import { bookingTurn } from "./flow";
import type { BookingTurn } from "./turn-facts";

/**
 * The local brain's booking route: this turn's booking facts into the
 * booking conversation (flow.ts), its tools run quietly so the flow can weave
 * their replies into one sentence of its own.
 */
export interface LocalBookingContext {
  readonly profile: BusinessProfile;
  readonly style: ReplyStyle;
  readonly channel: ChannelKind;
  readonly callerNumber?: string;
  readonly conversationId: string;
  readonly reservations?: ReservationBook;
  /** Runs a tool, recorded like every other, without saying its reply. */
  runQuietly(name: string, args: Record<string, unknown>): Promise<{ events: ReplyEvent[]; say?: string; result?: unknown }>;
}

export function localBookingRoute(turn: BookingTurn, state: DialogueState, ctx: LocalBookingContext): Promise<ReplyEvent[]> {
  state.lowConfidenceStreak = 0;
  state.lastIntent = "reservation";
  return bookingTurn(turn.facts, state, {
    profile: ctx.profile,
    style: ctx.style,
    channel: ctx.channel,
    callerNumber: ctx.callerNumber,
    confirmedReadBack: Boolean(turn.confirmed?.readBack),
    confirmedCancel: Boolean(turn.confirmed?.cancelling),
    confirmedChange: Boolean(turn.confirmed?.changing),
    awaitingConfirmation: turn.awaitingConfirmation,
    run: ctx.runQuietly,
    rememberContact: async (contact) => ctx.reservations?.rememberContact(ctx.conversationId, contact),
  });
}
