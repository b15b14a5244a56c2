import type { ReservationInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";
import { reservationSelect, toReservationInfo } from "./reservation-row";

export interface ListReservationsOptions {
  /** Only reservations starting at or after this instant (default: all). */
  readonly from?: Date;
  readonly status?: "confirmed" | "cancelled";
  readonly limit?: number;
}

/** Reservations for the dashboard, soonest first; the contact stays out (it is shown nowhere but the row itself). */
export async function listReservations(options: ListReservationsOptions = {}): Promise<ReservationInfo[]> {
  const rows = await db().reservation.findMany({
    where: { ...(options.from ? { startsAt: { gte: options.from } } : {}), ...(options.status ? { status: options.status } : {}) },
    orderBy: [{ startsAt: "asc" }, { reference: "asc" }],
    take: Math.min(Math.max(options.limit ?? 200, 1), 500),
    select: reservationSelect,
  });
  return rows.map(toReservationInfo);
}
