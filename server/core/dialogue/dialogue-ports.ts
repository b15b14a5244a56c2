/**
 * What the dialogue core needs from the outside world, as small interfaces.
 * Implemented by server/storage (Postgres) and by in-memory fakes in tests.
 */
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
