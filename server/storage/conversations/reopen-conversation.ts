import { END_REASONS } from "../../core/ports";
import { db } from "../db";

export interface ReopenConversationOptions {
  /** The room the visitor had before reloading. */
  previousRoomName: string;
  /** The new room, linked to the same conversation from now on. */
  roomName: string;
  /** A conversation that ended longer ago than this stays ended. */
  graceMs: number;
  now?: Date;
}

/**
 * A web visitor who came back within the grace period (a page reload) gets
 * the same conversation: it is moved to the new room and opened again (its
 * end undone), so the agent there continues it. Undefined when there is none
 * to continue: unknown room, not a web conversation, or ended too long ago;
 * "still-open" while the job of the old room has not ended it yet (moments after the leave).
 */
export async function reopenConversation(options: ReopenConversationOptions): Promise<{ id: string } | "still-open" | undefined> {
  const now = options.now ?? new Date();
  const endedAfter = new Date(now.getTime() - options.graceMs);
  const { count } = await db().conversation.updateMany({
    // Only once it has ended: the job that served the old room ends it by id, and must not end it again here.
    // Only a conversation the visitor left: one the agent ended (a goodbye, a handoff) is over.
    where: { roomName: options.previousRoomName, channel: "web", endedAt: { gte: endedAfter }, endReason: END_REASONS.callerLeft },
    data: { roomName: options.roomName, endedAt: null, outcome: null, endReason: null, callerLeftAt: null },
  });
  if (count === 0) {
    const open = await db().conversation.count({ where: { roomName: options.previousRoomName, channel: "web", endedAt: null } });
    return open > 0 ? "still-open" : undefined;
  }
  return (await db().conversation.findUnique({ where: { roomName: options.roomName }, select: { id: true } })) ?? undefined;
}
