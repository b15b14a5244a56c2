import { redactPii } from "../../core/dialogue/pii";
import { AppError } from "../../core/errors";
import type { ConversationOutcome } from "../../core/ports";
import { db } from "../db";

export interface EndConversationOptions {
  conversationId: string;
  outcome: ConversationOutcome;
  /** Why it ended, when the outcome alone does not say (a failed dial, a media timeout). */
  endReason?: string;
  /** When the caller left, if they did (the admin shows how long the ending took after it). */
  callerLeftAt?: Date;
  endedAt?: Date;
}

/**
 * Marks a conversation ended. The first caller wins: the worker's hang-up, the
 * room_finished webhook and a transfer may all report an end, and a later one
 * must not overwrite the outcome or the time. Returns whether this call ended it.
 */
export async function endConversation(options: EndConversationOptions): Promise<{ ended: boolean }> {
  const { conversationId, outcome, endedAt = new Date() } = options;
  // A reason can quote the bridge or the carrier, which may echo the number dialled.
  const endReason = options.endReason ? redactPii(options.endReason.slice(0, 500)).text : undefined;
  const { count } = await db().conversation.updateMany({
    where: { id: conversationId, endedAt: null },
    data: { endedAt, outcome, ...(endReason ? { endReason } : {}), ...(options.callerLeftAt ? { callerLeftAt: options.callerLeftAt } : {}) },
  });
  if (count > 0) return { ended: true };
  const exists = await db().conversation.count({ where: { id: conversationId } });
  if (exists === 0) throw new AppError("NOT_FOUND", `conversation ${conversationId} not found`);
  return { ended: false };
}
