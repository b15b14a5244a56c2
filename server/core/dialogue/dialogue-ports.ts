/**
 * What the dialogue core needs from the outside world, as small interfaces.
 * Implemented by server/storage (Postgres) and by in-memory fakes in tests.
 */
import type { BookedSeats } from "./booking/availability";
import type { DialogueState } from "./state";

export interface KnowledgeHit {
  readonly documentSlug: string;
  readonly documentTitle: string;
  readonly heading?: string;
  readonly content: string;
  readonly score: number;
}

/** Retrieval over the knowledge base (markdown documents chunked and indexed). */
export interface KnowledgeBase {
  search(query: string, options?: { limit?: number; signal?: AbortSignal }): Promise<KnowledgeHit[]>;
}

export interface OrderInfo {
  readonly orderNumber: string;
  readonly customerName: string;
  readonly status: string;
  readonly items: string;
  readonly totalCents: number;
  readonly placedAt: Date;
  readonly eta?: Date | null;
  /** Second factors a caller can prove the order is theirs with; never said, shown or sent to the LLM. */
  readonly customerEmail?: string | null;
  readonly postcode?: string | null;
  readonly customerPhone?: string | null;
}

export interface OrderLookup {
  findOrder(orderNumber: string): Promise<OrderInfo | null>;
}

export interface GiftCardInfo {
  /** The last four digits, the only part of the number that may be said or shown. */
  readonly last4: string;
  readonly balanceCents: number;
}

/** Gift cards by number; the number itself is sensitive and never stored with a conversation. */
export interface GiftCardLookup {
  findGiftCard(cardNumber: string): Promise<GiftCardInfo | null>;
}

export interface ToolCallRecord {
  /** Made by the caller so a retried write lands once; made by the database if absent. */
  readonly id?: string;
  readonly conversationId: string;
  readonly name: string;
  readonly arguments: unknown;
  readonly result?: unknown;
  readonly error?: string;
  readonly startedAt: Date;
  readonly durationMs: number;
}

export interface ToolCallLog {
  recordToolCall(record: ToolCallRecord): Promise<void>;
}

export interface DialogueStateStore {
  load(conversationId: string): Promise<DialogueState>;
  save(input: { conversationId: string; state: DialogueState; handoffSummary?: string }): Promise<void>;
}

export type ReservationStatus = "confirmed" | "cancelled";

export interface ReservationInfo {
  readonly id: string;
  /** HC- and 4–6 letters or digits: what the caller quotes to change or cancel it. */
  readonly reference: string;
  readonly name: string;
  readonly partySize: number;
  readonly startsAt: Date;
  readonly status: ReservationStatus;
  readonly conversationId: string | null;
}

export interface NewReservation {
  readonly conversationId: string;
  readonly name: string;
  /** Phone number or email: PII, stored with the reservation only. */
  readonly contact: string;
  readonly partySize: number;
  readonly startsAt: Date;
}

/** A confirmed reservation's new details (its reference, name and contact stay). */
export interface ReservationChange {
  readonly partySize: number;
  readonly startsAt: Date;
}

/** Table reservations: implemented over Postgres in server/storage/reservations. */
export interface ReservationBook {
  /** Confirmed reservations starting in [from, to). */
  bookedBetween(from: Date, to: Date): Promise<BookedSeats[]>;
  /**
   * Stores a confirmed reservation when `fits` accepts the confirmed ones
   * starting in `overlapping` — checked under a lock, so two callers cannot
   * both take the last seats. Null when it no longer fits.
   */
  create(input: NewReservation, overlapping: { from: Date; to: Date }, fits: (booked: BookedSeats[]) => boolean): Promise<ReservationInfo | null>;
  find(reference: string): Promise<ReservationInfo | null>;
  /** Marks it cancelled; null when there is no such reservation. */
  cancel(reference: string): Promise<ReservationInfo | null>;
  /** Moves a confirmed reservation when `fits` accepts the others in `overlapping` (under the same lock as `create`); null when it no longer fits. */
  reschedule(reference: string, change: ReservationChange, overlapping: { from: Date; to: Date }, fits: (booked: BookedSeats[]) => boolean): Promise<ReservationInfo | null>;
  /** Keeps the caller's contact for a booking not yet made (the dialogue state is stored redacted). */
  rememberContact(conversationId: string, contact: string): Promise<void>;
  recallContact(conversationId: string): Promise<string | null>;
}
