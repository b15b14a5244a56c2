import { randomUUID } from "node:crypto";
import type { DialogueStateStore, ToolCallLog, ToolCallRecord } from "../core/dialogue/dialogue-ports";
import { redactDeep } from "../core/dialogue/pii";
import { newDialogueState, type DialogueState } from "../core/dialogue/state";
import type { Logger } from "../core/log";
import type { ConversationStore } from "../core/ports";
import { CircuitBreaker, guarded } from "../core/resilience";
import { WriteBehindQueue } from "./write-behind-queue";

/**
 * A live call's storage that survives Postgres being down. Every write (the
 * conversation row, turns, dialogue state, tool calls, the end) goes through
 * one ordered write-behind queue; the call waits for a write at most
 * `waitMs`, then carries on from memory while the queue retries until the
 * database is back and flushes in order. Reads on the call's path (the
 * dialogue state) come from memory once the database is unavailable or
 * behind. Nothing here decides what to say: it only keeps the call talking.
 *
 * Ids are made here (the conversation's and each turn's), so a write retried
 * after a timed-out attempt that did land is recognised, not doubled. If the
 * room's row already existed (an outbound call, a re-dispatch), the id the
 * database returns replaces the provisional one in every later write.
 */
export interface ResilientStoreOptions {
  readonly log: Logger;
  /** Longest a call waits for a write before carrying on (the greeting waits for the conversation row this long at most). */
  readonly waitMs: number;
  /** Deadline of one database attempt. */
  readonly attemptTimeoutMs: number;
  /** Deadline of a read on the call's path (dialogue state), after which memory answers. */
  readonly readTimeoutMs: number;
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

export interface ResilientStore {
  readonly store: ConversationStore;
  readonly states: DialogueStateStore;
  readonly toolLog: ToolCallLog;
  readonly queue: WriteBehindQueue;
}

export function createResilientStore(
  base: { store: ConversationStore; states: DialogueStateStore; toolLog: ToolCallLog },
  options: ResilientStoreOptions,
): ResilientStore {
  const queue = new WriteBehindQueue({
    log: options.log,
    attemptTimeoutMs: options.attemptTimeoutMs,
    backoffMs: options.backoffMs ?? 250,
    maxBackoffMs: options.maxBackoffMs ?? 4000,
  });
  // Provisional conversation id → the database's, when they differ.
  const realIds = new Map<string, string>();
  const idOf = (id: string) => realIds.get(id) ?? id;
  // The latest dialogue state per conversation, as it was saved (redacted, like the database's copy).
  const memory = new Map<string, DialogueState>();
  // Reads stop costing a deadline per turn once the database is known to be down.
  const reads = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5000 });

  const store: ConversationStore = {
    async startConversation(input) {
      const provisional = input.id ?? randomUUID();
      const row = await queue.enqueue(
        "start conversation",
        async () => {
          const { id } = await base.store.startConversation({ ...input, id: provisional });
          if (id !== provisional) realIds.set(provisional, id);
          return { id };
        },
        options.waitMs,
      );
      if (!row) options.log.warn("conversation row deferred: database unavailable", { conversationId: provisional });
      return row ?? { id: provisional };
    },
    async appendTurn(input) {
      const id = input.id ?? randomUUID();
      const stored = await queue.enqueue("append turn", () => base.store.appendTurn({ ...input, id, conversationId: idOf(input.conversationId) }), options.waitMs);
      // Not stored yet: its place (seq) is decided when it lands, after every earlier write.
      return stored ?? { id, seq: 0 };
    },
    async storedTurns(conversationId) {
      if (!base.store.storedTurns) return [];
      const read = base.store.storedTurns;
      return guarded(() => read(idOf(conversationId)), { what: "stored turns", timeoutMs: options.readTimeoutMs, breaker: reads }).catch(() => []);
    },
    async endConversation(input) {
      await queue.enqueue("end conversation", () => base.store.endConversation({ ...input, conversationId: idOf(input.conversationId) }), options.waitMs);
    },
  };

  const states: DialogueStateStore = {
    async load(conversationId) {
      const remembered = memory.get(conversationId);
      // Writes still queued: the database's copy is behind this process's.
      if (remembered && queue.pending > 0) return structuredClone(remembered);
      try {
        return await guarded(() => base.states.load(idOf(conversationId)), { what: "dialogue state", timeoutMs: options.readTimeoutMs, breaker: reads });
      } catch (error) {
        options.log.warn("dialogue state from memory: database unavailable", { conversationId, error });
        return remembered ? structuredClone(remembered) : newDialogueState();
      }
    },
    async save(input) {
      const { callPurpose, ...rest } = input.state;
      memory.set(input.conversationId, { ...(redactDeep(rest) as typeof rest), ...(callPurpose ? { callPurpose } : {}) });
      await queue.enqueue("save dialogue state", () => base.states.save({ ...input, conversationId: idOf(input.conversationId) }), options.waitMs);
    },
  };

  const toolLog: ToolCallLog = {
    async recordToolCall(record: ToolCallRecord) {
      await queue.enqueue("record tool call", () => base.toolLog.recordToolCall({ ...record, conversationId: idOf(record.conversationId) }), options.waitMs);
    },
  };

  return { store, states, toolLog, queue };
}
