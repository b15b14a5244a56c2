import type { ReservationInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";
import { reservationSelect, toReservationInfo } from "./reservation-row";

/** Marks a reservation cancelled (its seats free up at once); null when there is no such reference. */
export async function cancelReservation(reference: string): Promise<ReservationInfo | null> {
  const { count } = await db().reservation.updateMany({
    where: { reference: reference.toUpperCase(), status: "confirmed" },
    data: { status: "cancelled", cancelledAt: new Date() },
  });
  const row = await db().reservation.findUnique({ where: { reference: reference.toUpperCase() }, select: reservationSelect });
  return row && (count > 0 || row.status === "cancelled") ? toReservationInfo(row) : null;
}
