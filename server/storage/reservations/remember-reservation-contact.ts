import { db } from "../db";

/**
 * Keeps the caller's phone number or email for a booking still being made:
 * the dialogue state is stored redacted, so the contact waits here (one row
 * per conversation) until createReservation moves it into the reservation.
 */
export async function rememberReservationContact(conversationId: string, contact: string): Promise<void> {
  await db().reservationDraft.upsert({ where: { conversationId }, create: { conversationId, contact }, update: { contact } });
}
