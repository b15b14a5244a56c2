import { describe, expect, it } from "vitest";
import type { DialogueStateStore, ToolCallLog } from "../core/dialogue/dialogue-ports";
import { newDialogueState, type DialogueState } from "../core/dialogue/state";
import { createLogger } from "../core/log";
import type { ConversationStore } from "../core/ports";
import { MemoryStore } from "../voice/testing/memory-store";
import { createResilientStore } from "./resilient-conversation-store";

/**
 * A database that can go down (refusing connections, or hanging) and come
 * back, around the in-memory store: the store a live call uses must keep the
 * call going and store everything, in order, once it is back.
 */
class FlakyDatabase {
  mode: "up" | "refusing" | "hanging" = "up";
  readonly memory = new MemoryStore();
  readonly states = new Map<string, DialogueState>();
  readonly toolCalls: string[] = [];
  /** What each conversation row was written with. */
  readonly starts: Parameters<ConversationStore["startConversation"]>[0][] = [];
  private readonly seenTurnIds = new Set<string>();

  private async gate(): Promise<void> {
    if (this.mode === "refusing") throw new Error("connect ECONNREFUSED 127.0.0.1:5433");
    if (this.mode === "hanging") await new Promise(() => undefined);
  }

  readonly store: ConversationStore = {
    startConversation: async (input) => {
      await this.gate();
      this.starts.push(input);
      const { id } = await this.memory.startConversation(input);
      return { id: input.id && !this.memory.conversations.has(input.id) ? id : (input.id ?? id) };
    },
    appendTurn: async (input) => {
      await this.gate();
      // Like the INSERT ... ON CONFLICT (id): a retried turn lands once.
      if (input.id && this.seenTurnIds.has(input.id)) return { id: input.id, seq: 0 };
      if (input.id) this.seenTurnIds.add(input.id);
      return this.memory.appendTurn(input);
    },
    endConversation: async (input) => {
      await this.gate();
      await this.memory.endConversation(input);
    },
  };

  readonly stateStore: DialogueStateStore = {
    load: async (id) => {
      await this.gate();
      return structuredClone(this.states.get(id) ?? newDialogueState());
    },
    save: async ({ conversationId, state }) => {
      await this.gate();
      this.states.set(conversationId, structuredClone(state));
    },
  };

  readonly toolLog: ToolCallLog = {
    recordToolCall: async (record) => {
      await this.gate();
      this.toolCalls.push(record.name);
    },
  };
}

const silent = createLogger({}, "error", () => undefined);

function setUp(db: FlakyDatabase) {
  return createResilientStore(
    { store: db.store, states: db.stateStore, toolLog: db.toolLog },
    { log: silent, waitMs: 100, attemptTimeoutMs: 150, readTimeoutMs: 100, backoffMs: 20, maxBackoffMs: 50 },
  );
}

const at = new Date("2026-12-01T10:00:00Z");

describe.each(["refusing", "hanging"] as const)("a call while the database is %s", (mode) => {
  it("starts and goes on within the wait, then stores every write in order once the database is back", async () => {
    const db = new FlakyDatabase();
    const { store, states, toolLog, queue } = setUp(db);
    db.mode = mode;

    const started = Date.now();
    const { id } = await store.startConversation({ channel: "web", roomName: "room-1" });
    // The greeting is held up by the wait at most, not by the outage.
    expect(Date.now() - started).toBeLessThan(1000);
    const state = await states.load(id);
    state.slots.orderNumber = "4272";
    await states.save({ conversationId: id, state });
    await store.appendTurn({ conversationId: id, role: "agent", text: "Hello, how can I help?", startedAt: at });
    await store.appendTurn({ conversationId: id, role: "user", text: "where is order 4272", startedAt: at });
    await toolLog.recordToolCall({ conversationId: id, name: "get_order_status", arguments: {}, startedAt: at, durationMs: 1 });
    await store.appendTurn({ conversationId: id, role: "agent", text: "It is on its way.", startedAt: at });
    // The next turn sees what this process saved, not a fresh state.
    expect((await states.load(id)).slots.orderNumber).toBe("4272");
    expect(db.memory.turns).toHaveLength(0);
    expect(queue.pending).toBeGreaterThan(0);

    db.mode = "up";
    expect(await queue.idle(5000)).toBe(true);
    const stored = db.memory.turns.map((t) => `${t.seq}:${t.role}:${t.text}`);
    expect(stored).toEqual(["1:agent:Hello, how can I help?", "2:user:where is order 4272", "3:agent:It is on its way."]);
    const [conversationId] = [...db.memory.conversations.keys()];
    expect(db.memory.turns.every((t) => t.conversationId === conversationId)).toBe(true);
    expect(db.states.get(conversationId!)?.slots.orderNumber).toBe("4272");
    expect(db.toolCalls).toEqual(["get_order_status"]);
  });
});

describe("write-behind store", () => {
  it("writes through at once while the database is up", async () => {
    const db = new FlakyDatabase();
    const { store, queue } = setUp(db);
    const { id } = await store.startConversation({ channel: "phone", roomName: "room-2" });
    const turn = await store.appendTurn({ conversationId: id, role: "agent", text: "Hi", startedAt: at });
    expect(turn.seq).toBe(1);
    expect(queue.pending).toBe(0);
    expect(queue.deferred).toBe(0);
  });

  it("returns a new conversation's id at once and stores its row first, with the call's own start time", async () => {
    const db = new FlakyDatabase();
    const { store, queue } = setUp(db);
    // A database slower than the wait: a new conversation's greeting must not wait for it at all.
    db.mode = "hanging";
    const started = Date.now();
    const startedAt = new Date(started - 5);
    const { id } = await store.startConversation({ id: "conv-new", channel: "web", roomName: "room-new", startedAt, inBackground: true });
    expect(id).toBe("conv-new");
    expect(Date.now() - started).toBeLessThan(50);
    await store.appendTurn({ conversationId: id, role: "agent", text: "Hello!", startedAt: at });
    db.mode = "up";
    expect(await queue.idle(5000)).toBe(true);
    // The background flag is the store's business, not the database's.
    expect(db.starts.at(-1)).toEqual({ id: "conv-new", channel: "web", roomName: "room-new", startedAt });
    expect(db.memory.turns.map((t) => `${t.conversationId}:${t.text}`)).toEqual([`${[...db.memory.conversations.keys()][0]}:Hello!`]);
  });

  it("maps a provisional conversation id to the room's existing row in later writes", async () => {
    const db = new FlakyDatabase();
    db.memory.seed("existing-outbound", { channel: "phone", direction: "outbound", roomName: "outbound-1" });
    const { store, queue } = setUp(db);
    db.mode = "refusing";
    const { id } = await store.startConversation({ channel: "phone", roomName: "outbound-1", direction: "outbound" });
    expect(id).not.toBe("existing-outbound");
    await store.appendTurn({ conversationId: id, role: "agent", text: "Hi, calling about your order.", startedAt: at });
    await store.endConversation({ conversationId: id, outcome: "completed" });
    db.mode = "up";
    expect(await queue.idle(5000)).toBe(true);
    expect(db.memory.turns.map((t) => t.conversationId)).toEqual(["existing-outbound"]);
    expect(db.memory.conversations.get("existing-outbound")?.outcome).toBe("completed");
  });

  it("keeps the order of a write that timed out but had landed, without a double", async () => {
    const db = new FlakyDatabase();
    const { store, queue } = setUp(db);
    const { id } = await store.startConversation({ channel: "web", roomName: "room-3" });
    // The first attempt lands, but answers after the attempt deadline: the queue retries it.
    const slow = db.store.appendTurn;
    let first = true;
    db.store.appendTurn = async (input) => {
      const result = await slow(input);
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 300));
      }
      return result;
    };
    await store.appendTurn({ conversationId: id, role: "agent", text: "one", startedAt: at });
    await store.appendTurn({ conversationId: id, role: "user", text: "two", startedAt: at });
    expect(await queue.idle(5000)).toBe(true);
    expect(db.memory.turns.map((t) => t.text)).toEqual(["one", "two"]);
  });
});
