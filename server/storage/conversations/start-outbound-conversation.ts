import { randomUUID } from "node:crypto";
import { redactPii } from "../../core/dialogue/pii";
import { db } from "../db";

/** Every outbound call gets its own room, named after its conversation. */
export const OUTBOUND_ROOM_PREFIX = "outbound-";

export interface StartOutboundConversationOptions {
  /** The number (or SIP URI) being called; stored as the conversation's caller number. */
  to: string;
  /** Why the call is placed, as the administrator wrote it. */
  purpose: string;
}

/**
 * Opens the conversation of an outbound phone call before anything is dialled,
 * so a failed dial is still on record. Its room name is fixed here: the worker
 * that joins the room attaches to this row instead of opening a second one.
 */
export async function startOutboundConversation(options: StartOutboundConversationOptions): Promise<{ id: string; roomName: string }> {
  const id = randomUUID();
  const roomName = `${OUTBOUND_ROOM_PREFIX}${id}`;
  await db().conversation.create({
    data: {
      id,
      channel: "phone",
      direction: "outbound",
      roomName,
      callerNumber: options.to,
      purpose: redactPii(options.purpose).text,
    },
  });
  return { id, roomName };
}
