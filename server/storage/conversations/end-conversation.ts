import { AppError } from "../../core/errors";
import { db } from "../db";

export type ConversationOutcome = "completed" | "transferred" | "abandoned" | "failed";

export interface EndConversationOptions {
  conversationId: string;
  outcome: ConversationOutcome;
  endedAt?: Date;
}

/**
 * Marks a conversation ended. The first caller wins: the worker's hang-up, the
 * room_finished webhook and a transfer may all report an end, and a later one
 * must not overwrite the outcome or the time. Returns whether this call ended it.
 */
export async function endConversation(options: EndConversationOptions): Promise<{ ended: boolean }> {
  const { conversationId, outcome, endedAt = new Date() } = options;
  const { count } = await db().conversation.updateMany({
    where: { id: conversationId, endedAt: null },
    data: { endedAt, outcome },
  });
  if (count > 0) return { ended: true };
  const exists = await db().conversation.count({ where: { id: conversationId } });
  if (exists === 0) throw new AppError("NOT_FOUND", `conversation ${conversationId} not found`);
  return { ended: false };
}
