import { randomUUID } from "node:crypto";
import type { DialogueStateStore, ToolCallLog, ToolCallRecord } from "../core/dialogue/dialogue-ports";
import { redactDeep, redactPii } from "../core/dialogue/pii";
import { newDialogueState, type DialogueState } from "../core/dialogue/state";
import type { Logger } from "../core/log";
import type { ConversationStore } from "../core/ports";
import { CircuitBreaker, guarded } from "../core/resilience";
import { WriteBehindQueue } from "./write-behind-queue";
import type { JournalRecord, WriteJournal } from "./write-journal";

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
 *
 * With a journal (write-journal.ts), queued writes are also kept on disk
 * until they land, as the database would hold them (texts redacted), and a
 * new store first re-queues what a dead process left unwritten.
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
  readonly journal?: WriteJournal;
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
    journal: options.journal,
  });
  // Provisional conversation id → the database's, when they differ.
  const realIds = new Map<string, string>();
  const idOf = (id: string) => realIds.get(id) ?? id;
  // The latest dialogue state per conversation, as it was saved (redacted, like the database's copy).
  const memory = new Map<string, DialogueState>();
  // Reads stop costing a deadline per turn once the database is known to be down.
  const reads = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5000 });

  const store: ConversationStore = {
    async startConversation({ inBackground, ...input }) {
      const provisional = input.id ?? randomUUID();
      const row = await queue.enqueue(
        "start conversation",
        async () => {
          const { id } = await base.store.startConversation({ ...input, id: provisional });
          if (id !== provisional) realIds.set(provisional, id);
          return { id };
        },
        inBackground ? 0 : options.waitMs,
        { verb: "startConversation", args: { ...input, id: provisional } },
      );
      if (!row && !inBackground) options.log.warn("conversation row deferred: database unavailable", { conversationId: provisional });
      return row ?? { id: provisional };
    },
    async appendTurn(input) {
      const id = input.id ?? randomUUID();
      const stored = await queue.enqueue("append turn", () => base.store.appendTurn({ ...input, id, conversationId: idOf(input.conversationId) }), options.waitMs, {
        verb: "appendTurn",
        args: { ...input, id, text: redactPii(input.text).text },
      });
      // Not stored yet: its place (seq) is decided when it lands, after every earlier write.
      return stored ?? { id, seq: 0 };
    },
    async storedTurns(conversationId) {
      if (!base.store.storedTurns) return [];
      const read = base.store.storedTurns;
      return guarded(() => read(idOf(conversationId)), { what: "stored turns", timeoutMs: options.readTimeoutMs, breaker: reads }).catch(() => []);
    },
    async endConversation(input) {
      await queue.enqueue("end conversation", () => base.store.endConversation({ ...input, conversationId: idOf(input.conversationId) }), options.waitMs, {
        verb: "endConversation",
        args: input,
      });
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
      const redacted = { ...(redactDeep(rest) as typeof rest), ...(callPurpose ? { callPurpose } : {}) };
      memory.set(input.conversationId, redacted);
      const handoffSummary = input.handoffSummary && redactPii(input.handoffSummary).text;
      await queue.enqueue("save dialogue state", () => base.states.save({ ...input, conversationId: idOf(input.conversationId) }), options.waitMs, {
        verb: "saveDialogueState",
        args: { conversationId: input.conversationId, state: redacted, ...(handoffSummary ? { handoffSummary } : {}) },
      });
    },
  };

  const toolLog: ToolCallLog = {
    async recordToolCall(input: ToolCallRecord) {
      // Its id is made here, so an attempt that landed before its deadline cut it is not stored twice.
      const record = { ...input, id: input.id ?? randomUUID() };
      await queue.enqueue("record tool call", () => base.toolLog.recordToolCall({ ...record, conversationId: idOf(record.conversationId) }), options.waitMs, {
        verb: "recordToolCall",
        args: { ...record, arguments: redactDeep(record.arguments), result: redactDeep(record.result), ...(record.error ? { error: redactPii(record.error).text } : {}) },
      });
    },
  };

  // What a dead process left unwritten goes first, in its order (each call journals it again before the file goes).
  options.journal?.replayOrphans((record) => void replay(record).catch((error: unknown) => options.log.error("journaled write refused; dropped", { verb: record.verb, error })));
  function replay({ verb, args }: JournalRecord): Promise<unknown> {
    switch (verb) {
      case "startConversation":
        return store.startConversation(args as Parameters<ConversationStore["startConversation"]>[0]);
      case "appendTurn":
        return store.appendTurn(args as Parameters<ConversationStore["appendTurn"]>[0]);
      case "endConversation":
        return store.endConversation(args as Parameters<ConversationStore["endConversation"]>[0]);
      case "saveDialogueState":
        return states.save(args as Parameters<DialogueStateStore["save"]>[0]);
      case "recordToolCall":
        return toolLog.recordToolCall(args as ToolCallRecord);
    }
  }

  return { store, states, toolLog, queue };
}
