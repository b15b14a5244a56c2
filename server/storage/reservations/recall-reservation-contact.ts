import { db } from "../db";

export async function recallReservationContact(conversationId: string): Promise<string | null> {
  const row = await db().reservationDraft.findUnique({ where: { conversationId }, select: { contact: true } });
  return row?.contact ?? null;
}
