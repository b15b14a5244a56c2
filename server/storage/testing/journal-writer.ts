/**
 * A call's writes made while the database is unreachable, by a process that
 * is then SIGKILLed (write-journal.test.ts): it queues them with a journal in
 * `argv[2]` for the room `argv[3]`, prints the conversation id once all are
 * queued, and waits to be killed. DATABASE_URL must point where nothing answers.
 */
import { createLogger } from "../../core/log";
import { newDialogueState } from "../../core/dialogue/state";
import { prismaConversationStore } from "../conversation-store";
import { loadDialogueState } from "../conversations/load-dialogue-state";
import { saveDialogueState } from "../conversations/save-dialogue-state";
import { createResilientStore } from "../resilient-conversation-store";
import { recordToolCall } from "../tool-calls/record-tool-call";
import { WriteJournal } from "../write-journal";

const [dir, roomName] = process.argv.slice(2);
if (!dir || !roomName) throw new Error("usage: journal-writer.ts DIR ROOM");
const log = createLogger({ svc: "journal-writer" }, "error");
const { store, states, toolLog } = createResilientStore(
  { store: prismaConversationStore, states: { load: loadDialogueState, save: saveDialogueState }, toolLog: { recordToolCall } },
  { log, waitMs: 50, attemptTimeoutMs: 300, readTimeoutMs: 50, journal: WriteJournal.at(dir, log) },
);
const at = new Date("2026-12-01T10:00:00.000Z");
const { id } = await store.startConversation({ channel: "phone", roomName, callerNumber: "+15550100" });
await store.appendTurn({ conversationId: id, role: "agent", text: "Hello, how can I help?", startedAt: at });
await store.appendTurn({ conversationId: id, role: "user", text: "my card is 4242 4242 4242 4242", startedAt: new Date(at.getTime() + 2000) });
const state = newDialogueState();
state.slots.orderNumber = "4272";
await states.save({ conversationId: id, state });
await toolLog.recordToolCall({ conversationId: id, name: "get_order_status", arguments: { orderNumber: "4272" }, result: { status: "shipped" }, startedAt: at, durationMs: 3 });
await store.endConversation({ conversationId: id, outcome: "completed" });
console.log(JSON.stringify({ conversationId: id }));
setInterval(() => undefined, 60_000);
