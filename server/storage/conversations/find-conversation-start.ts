import { db } from "../db";

/** When a conversation started, as stored (null when there is no such conversation). */
export async function findConversationStart(options: { id: string }): Promise<Date | null> {
  const row = await db().conversation.findUnique({ where: { id: options.id }, select: { startedAt: true } });
  return row?.startedAt ?? null;
}
