/**
 * Integration test against the real database at DATABASE_URL (migrated).
 * Unreachable database: skipped locally, failed when CI_REQUIRE_DB=1.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../db";
import { prismaConversationStore } from "../conversation-store";
import { appendTurn } from "./append-turn";
import { endConversation } from "./end-conversation";
import { endConversationByRoom } from "./end-conversation-by-room";
import { getConversation } from "./get-conversation";
import { listConversations } from "./list-conversations";
import { startConversation } from "./start-conversation";
import { startOutboundConversation } from "./start-outbound-conversation";
import { loadDialogueState } from "./load-dialogue-state";
import { reopenConversation } from "./reopen-conversation";
import { databaseGate } from "../testing/database-gate";

const unreachable = await databaseGate("conversations.test");

describe.skipIf(unreachable !== null)("conversation storage (Postgres)", () => {
  const created: string[] = [];
  // A token no other conversation contains, so the search is unambiguous.
  const token = `zebra${randomUUID().slice(0, 8)}`;
  const roomName = `test-room-${randomUUID()}`;

  afterAll(async () => {
    if (created.length > 0) {
      await db().conversation.deleteMany({ where: { id: { in: created } } });
    }
    await disconnectDb();
  });

  it("a write retried after an attempt that landed is stored once (the write-behind queue's ids)", async () => {
    const conversationId = randomUUID();
    const { id } = await startConversation({ id: conversationId, channel: "web", roomName: `retry-${randomUUID()}` });
    created.push(id);
    expect(id).toBe(conversationId);
    const turnId = randomUUID();
    const turn = { id: turnId, conversationId: id, role: "agent" as const, text: "Hello", startedAt: new Date() };
    const first = await appendTurn(turn);
    const retried = await appendTurn(turn);
    expect(retried).toEqual(first);
    expect((await startConversation({ id: randomUUID(), channel: "web", roomName: (await db().conversation.findUniqueOrThrow({ where: { id } })).roomName! })).id).toBe(id);
    expect(await db().turn.count({ where: { conversationId: id } })).toBe(1);
  });

  it("starts once per room, appends concurrent turns in order, finds and ends it", async () => {
    const { id } = await startConversation({ channel: "phone", roomName, callerNumber: "+15550100" });
    created.push(id);

    // A re-dispatched room maps to the same conversation.
    const again = await startConversation({ channel: "phone", roomName });
    expect(again.id).toBe(id);

    const base = Date.now();
    const texts = [`where is my order ${token}`, "Let me check that for you.", "It is 4271."];
    const appended = await Promise.all(
      texts.map((text, i) =>
        appendTurn({
          conversationId: id,
          role: i % 2 === 0 ? "user" : "agent",
          text,
          startedAt: new Date(base + i),
          latency: i === 1 ? { sttMs: 120, llmFirstTokenMs: 300, voiceToVoiceMs: 900 } : undefined,
        }),
      ),
    );
    expect(appended.map((t) => t.seq).sort()).toEqual([1, 2, 3]);

    const detail = await getConversation({ id });
    expect(detail).not.toBeNull();
    expect(detail?.channel).toBe("phone");
    expect(detail?.callerNumber).toBe("+15550100");
    expect(detail?.turns.map((t) => t.seq)).toEqual([1, 2, 3]);
    expect(new Set(detail?.turns.map((t) => t.text))).toEqual(new Set(texts));
    // Each turn kept its own seq and text.
    for (const turn of appended) {
      const stored = detail?.turns.find((t) => t.id === turn.id);
      expect(stored?.seq).toBe(turn.seq);
    }
    const agentTurn = detail?.turns.find((t) => t.text === texts[1]);
    expect(agentTurn?.latency).toEqual({ sttMs: 120, llmFirstTokenMs: 300, voiceToVoiceMs: 900 });
    expect(detail?.turns.find((t) => t.text === texts[0])?.latency).toBeUndefined();

    const found = await listConversations({ q: token.toUpperCase() });
    expect(found.conversations.map((c) => c.id)).toEqual([id]);
    expect(found.conversations[0]).toMatchObject({ channel: "phone", turnCount: 3 });
    expect((await listConversations({ channel: "web", q: token })).conversations).toEqual([]);
    // LIKE wildcards in the query are literal.
    expect((await listConversations({ q: "zebra%" })).conversations).toEqual([]);

    expect(await endConversation({ conversationId: id, outcome: "transferred" })).toEqual({ ended: true });
    const firstEnd = (await getConversation({ id }))?.endedAt;
    expect(await endConversation({ conversationId: id, outcome: "completed" })).toEqual({ ended: false });
    expect(await endConversationByRoom({ roomName, outcome: "abandoned" })).toEqual({ ended: false });
    const ended = await getConversation({ id });
    expect(ended?.outcome).toBe("transferred");
    expect(ended?.endedAt).toEqual(firstEnd);
  });

  it("lists newest first and ends a room's conversation from the webhook", async () => {
    const store = prismaConversationStore;
    const room = `test-room-${randomUUID()}`;
    const older = await store.startConversation({ channel: "web" });
    const newer = await store.startConversation({ channel: "web", roomName: room });
    created.push(older.id, newer.id);
    const turn = await store.appendTurn({
      conversationId: newer.id,
      role: "user",
      text: `hello ${token}-list`,
      startedAt: new Date(),
    });
    expect(turn.seq).toBe(1);

    const { conversations } = await listConversations({ channel: "web", limit: 200 });
    const ids = conversations.map((c) => c.id);
    expect(ids.indexOf(newer.id)).toBeLessThan(ids.indexOf(older.id));
    expect(conversations.find((c) => c.id === older.id)?.turnCount).toBe(0);

    expect(await endConversationByRoom({ roomName: room, outcome: "completed" })).toEqual({ ended: true });
    expect((await getConversation({ id: newer.id }))?.outcome).toBe("completed");
    expect(await endConversationByRoom({ roomName: `no-such-room-${randomUUID()}`, outcome: "completed" }))
      .toEqual({ ended: false });
  });

  it("attaches the worker to an outbound call's row, keeps turn kinds and the end reason", async () => {
    const { id, roomName: room } = await startOutboundConversation({ to: "+15550177", purpose: "your order 4271 is ready" });
    created.push(id);
    expect(room).toBe(`outbound-${id}`);
    // The worker opens "its" conversation for the room: the same row, still outbound.
    const attached = await startConversation({ channel: "phone", roomName: room, callerNumber: "+15550177", direction: "outbound" });
    expect(attached.id).toBe(id);
    expect((await loadDialogueState(id)).callPurpose).toBe("your order 4271 is ready");
    await appendTurn({ conversationId: id, role: "user", kind: "keypad", text: "[redacted 16 digits]", startedAt: new Date() });
    expect(await endConversation({ conversationId: id, outcome: "failed", endReason: "media timeout" })).toEqual({ ended: true });
    const detail = await getConversation({ id });
    expect(detail).toMatchObject({ channel: "phone", direction: "outbound", callerNumber: "+15550177", purpose: "your order 4271 is ready", outcome: "failed", endReason: "media timeout" });
    expect(detail?.turns.map((t) => [t.kind, t.text])).toEqual([["keypad", "[redacted 16 digits]"]]);
    expect(await db().conversation.count({ where: { roomName: room } })).toBe(1);
  });

  it("keeps when the caller left, and the detail says how long the ending took after it", async () => {
    const { id } = await startConversation({ channel: "web", roomName: `test-room-${randomUUID()}` });
    created.push(id);
    const callerLeftAt = new Date(Date.now() - 420);
    expect(await endConversation({ conversationId: id, outcome: "abandoned", endReason: "caller left", callerLeftAt })).toEqual({ ended: true });
    const detail = await getConversation({ id });
    expect(detail).toMatchObject({ outcome: "abandoned", endReason: "caller left", callerLeftAt });
    expect(detail?.leaveToEndMs).toBeGreaterThanOrEqual(420);
    expect(detail?.leaveToEndMs).toBeLessThan(5000);
  });

  it("reopens a conversation the visitor left within the grace period, in their new room", async () => {
    const oldRoom = `web-${randomUUID()}`;
    const newRoom = `web-${randomUUID()}`;
    const { id } = await startConversation({ channel: "web", roomName: oldRoom });
    created.push(id);
    expect(await reopenConversation({ previousRoomName: oldRoom, roomName: newRoom, graceMs: 30_000 })).toBe("still-open");
    await endConversation({ conversationId: id, outcome: "abandoned", endReason: "caller left", callerLeftAt: new Date() });
    // Too late: ended longer ago than the grace period.
    expect(await reopenConversation({ previousRoomName: oldRoom, roomName: newRoom, graceMs: 30_000, now: new Date(Date.now() + 31_000) })).toBeUndefined();
    expect(await reopenConversation({ previousRoomName: oldRoom, roomName: newRoom, graceMs: 30_000 })).toEqual({ id });
    expect(await getConversation({ id })).toMatchObject({ roomName: newRoom, endedAt: undefined, outcome: undefined, endReason: undefined });
    // The worker in the new room attaches to it.
    expect((await startConversation({ channel: "web", roomName: newRoom })).id).toBe(id);
    // One the agent ended is over.
    await endConversation({ conversationId: id, outcome: "completed", endReason: "agent ended" });
    expect(await reopenConversation({ previousRoomName: newRoom, roomName: `web-${randomUUID()}`, graceMs: 30_000 })).toBeUndefined();
  });

  it("rejects turns and ends for an unknown conversation with NOT_FOUND", async () => {
    const missing = randomUUID();
    await expect(
      appendTurn({ conversationId: missing, role: "user", text: "x", startedAt: new Date() }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(endConversation({ conversationId: missing, outcome: "failed" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await getConversation({ id: missing })).toBeNull();
  });
});
