import type { BookingQuestion } from "./booking/extract";
import type { Slots } from "./slots";

/**
 * A table booking in progress. The caller's phone number or email is not
 * here (this state is stored redacted): the reservation book keeps it until
 * the booking is made; `contact` says only what kind it is and its last digits.
 */
export interface BookingDraft {
  partySize?: number;
  /** YYYY-MM-DD, business time. */
  date?: string;
  /** HH:MM, business time. */
  time?: string;
  name?: string;
  contact?: { kind: "phone" | "email"; hint: string };
  /** What the agent last asked for: a bare answer ("six", "Ada") fills it. */
  asked?: BookingQuestion;
  /** Exactly what was read back; only a "yes" to this, in the very next turn, books it. */
  readBack?: { partySize: number; date: string; time: string; name: string };
  /** A reservation the caller asked to cancel, read back and awaiting their yes. */
  cancelling?: string;
  /** A reservation the caller asked to move: its reference, once known. */
  changeOf?: string;
  /** The new details the caller asked for so far (the rest stay as booked). */
  change?: { partySize?: number; date?: string; time?: string };
  /** The move read back, awaiting the caller's yes: only a yes to exactly this moves it. */
  changing?: { reference: string; partySize: number; date: string; time: string };
  /** Availability was checked for the current party size, day and time. */
  checked?: boolean;
}

/** Conversation state carried between turns; persisted so any worker can take the next turn. */
export interface DialogueState {
  /** Recent turns, oldest first (a sliding window; older ones live in `summary`). */
  turns: { role: "user" | "agent"; text: string }[];
  slots: Slots;
  /** Running summary of turns that slid out of the window. */
  summary: string;
  /** Consecutive turns the agent could not answer confidently. */
  lowConfidenceStreak: number;
  /** A question the agent asked and is waiting on. */
  awaiting?: "order_number";
  /** Digits the agent asked for by keypad (the intent's capture in the profile), and how many tries went wrong. */
  capture?: { intent: string; attempts: number };
  /** Order lookups in this conversation (capped, so one conversation cannot walk the order book). */
  orderLookups?: number;
  /** Orders the caller proved are theirs: more than the status may be said about these. */
  verifiedOrders?: string[];
  /** An order the agent found and asked the caller to verify (email or postcode on it). */
  verifying?: { orderNumber: string };
  /** Wrong verification answers so far; at the cap the agent stops checking. */
  verificationFailures?: number;
  /** Why the agent placed this call (outbound calls only). */
  callPurpose?: string;
  lastIntent?: string;
  booking?: BookingDraft;
  /** The reservation this conversation made or moved last: "can I move it to 3" needs no reference. */
  lastReservation?: string;
  /** Reservation look-ups by reference in this conversation (capped like order look-ups). */
  reservationLookups?: number;
}

/** The caller owes the agent digits: a keypad entry now is data, not a menu choice. */
export function digitsPending(state: DialogueState): boolean {
  return state.awaiting !== undefined || state.capture !== undefined;
}

export function newDialogueState(): DialogueState {
  return { turns: [], slots: {}, summary: "", lowConfidenceStreak: 0 };
}

/** Keeps the last `window` turns; older user requests are folded into the summary. */
export function rememberTurn(state: DialogueState, role: "user" | "agent", text: string, window = 8): void {
  state.turns.push({ role, text });
  while (state.turns.length > window) {
    const old = state.turns.shift();
    if (old?.role === "user") {
      const summary = state.summary ? `${state.summary}; ${old.text}` : `Earlier the caller said: ${old.text}`;
      state.summary = summary.length > 600 ? "…" + summary.slice(-600) : summary;
    }
  }
}

/** What a human taking over needs, so the caller never repeats themselves. */
export function handoffSummary(state: DialogueState, reason: string): string {
  const asked = state.turns.filter((t) => t.role === "user").slice(-3).map((t) => `"${t.text}"`);
  const parts = [`Reason: ${reason}.`];
  if (state.slots.name) parts.push(`Caller name: ${state.slots.name}.`);
  if (state.slots.orderNumber) parts.push(`Order number: ${state.slots.orderNumber}.`);
  if (state.summary) parts.push(state.summary + ".");
  if (asked.length) parts.push(`Recent requests: ${asked.join(", ")}.`);
  return parts.join(" ");
}
