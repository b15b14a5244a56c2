import type { ReservationInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";
import { reservationSelect, toReservationInfo } from "./reservation-row";

export async function findReservation(reference: string): Promise<ReservationInfo | null> {
  const row = await db().reservation.findUnique({ where: { reference: reference.toUpperCase() }, select: reservationSelect });
  return row ? toReservationInfo(row) : null;
}
