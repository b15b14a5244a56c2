import { z } from "zod";
import type { ReplyEvent } from "../../core/dialogue/dialogue";
import { takeTurn } from "../../core/dialogue/take-turn";
import { AppError } from "../../core/errors";
import type { Logger } from "../../core/log";
import { brain } from "../../brain";
import { prismaConversationStore } from "../../storage/conversation-store";
import { db } from "../../storage/db";

export const chatRequestSchema = z.object({
  conversationId: z.uuid().optional(),
  message: z.string().trim().min(1, "message must not be empty").max(2000, "message is too long (max 2000 characters)"),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** What the chat channel streams to the browser. */
export type ChatEvent =
  | { type: "delta"; text: string }
  | { type: "tool"; name: string }
  | { type: "sources"; sources: readonly { slug: string; title: string }[] }
  | { type: "handoff"; summary: string }
  | { type: "done"; conversationId: string; ended: boolean; handedOff: boolean };

/**
 * One typed chat turn: the same dialogue core as voice, in chat style. The
 * user turn is stored before the reply starts (in the form the core gives:
 * an answer to a sensitive digit capture is redacted) and the agent turn when
 * it ends, so nothing is lost if the browser goes away mid-answer.
 */
export async function* chatTurn(request: ChatRequest, log: Logger, signal?: AbortSignal): AsyncIterable<ChatEvent> {
  const conversationId = await resolveConversation(request.conversationId);
  const startedAt = new Date();
  let userTurnStored = false;
  const storeUserTurn = async (text: string) => {
    if (userTurnStored) return;
    userTurnStored = true;
    await prismaConversationStore.appendTurn({ conversationId, role: "user", kind: "typed", text, startedAt, endedAt: startedAt });
  };
  const { dialogue, states } = brain(log);
  let text = "";
  let intent: string | undefined;
  let ended = false;
  let handedOff = false;
  const replyStart = Date.now();
  let firstTokenAt: number | undefined;
  try {
    for await (const e of takeTurn({ dialogue, states, conversationId, text: request.message, channel: "chat", kind: "typed", signal }) as AsyncIterable<ReplyEvent>) {
      if (e.type === "input") await storeUserTurn(e.storedText);
      else if (e.type === "text") {
        firstTokenAt ??= Date.now();
        text += e.delta;
        yield { type: "delta", text: e.delta };
      } else if (e.type === "route") intent = e.intent ?? intent;
      else if (e.type === "tool_call") yield { type: "tool", name: e.name };
      else if (e.type === "sources") yield { type: "sources", sources: e.sources };
      else if (e.type === "handoff") {
        handedOff = true;
        yield { type: "handoff", summary: e.summary };
      } else if (e.type === "end") ended = true;
    }
  } finally {
    // The core failed before it said how: the message as sent (storage still redacts PII).
    await storeUserTurn(request.message);
    if (text) {
      await prismaConversationStore.appendTurn({
        conversationId,
        role: "agent",
        kind: "typed",
        text,
        intent,
        startedAt: new Date(replyStart),
        endedAt: new Date(),
        latency: { llmFirstTokenMs: firstTokenAt !== undefined ? firstTokenAt - replyStart : undefined },
      });
    }
    if (ended || handedOff) {
      await prismaConversationStore.endConversation({ conversationId, outcome: handedOff ? "transferred" : "completed" });
    }
  }
  yield { type: "done", conversationId, ended, handedOff };
}

async function resolveConversation(id: string | undefined): Promise<string> {
  if (!id) return (await prismaConversationStore.startConversation({ channel: "chat" })).id;
  const existing = await db().conversation.findUnique({ where: { id }, select: { channel: true, endedAt: true } });
  if (!existing) throw new AppError("NOT_FOUND", "unknown conversationId");
  if (existing.channel !== "chat") throw new AppError("BAD_REQUEST", "conversationId belongs to another channel");
  // A chat that was ended (goodbye, handoff) continues as a new conversation.
  if (existing.endedAt) return (await prismaConversationStore.startConversation({ channel: "chat" })).id;
  return id;
}
