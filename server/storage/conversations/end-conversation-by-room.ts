import { db } from "../db";
import type { ConversationOutcome } from "../../core/ports";

export interface EndConversationByRoomOptions {
  roomName: string;
  outcome: ConversationOutcome;
  endReason?: string;
  endedAt?: Date;
}

/**
 * Ends the conversation of a LiveKit room (the room_finished webhook) unless
 * the worker already ended it. A room with no conversation (nobody joined, or
 * not one of ours) is not an error: webhooks arrive for every room.
 */
export async function endConversationByRoom(
  options: EndConversationByRoomOptions,
): Promise<{ ended: boolean }> {
  const { roomName, outcome, endReason, endedAt = new Date() } = options;
  const { count } = await db().conversation.updateMany({
    where: { roomName, endedAt: null },
    data: { endedAt, outcome, ...(endReason ? { endReason } : {}) },
  });
  return { ended: count > 0 };
}
