import type { ReservationInfo } from "../../core/dialogue/dialogue-ports";

/** The row fields every reservation verb returns; never the contact (PII, only for the business to call back). */
export const reservationSelect = { id: true, reference: true, name: true, partySize: true, startsAt: true, status: true, conversationId: true } as const;

export function toReservationInfo(row: { id: string; reference: string; name: string; partySize: number; startsAt: Date; status: "confirmed" | "cancelled"; conversationId: string | null }): ReservationInfo {
  return { id: row.id, reference: row.reference, name: row.name, partySize: row.partySize, startsAt: row.startsAt, status: row.status, conversationId: row.conversationId };
}
