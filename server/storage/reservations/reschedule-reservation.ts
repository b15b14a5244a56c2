import type { BookedSeats } from "../../core/dialogue/booking/availability";
import type { ReservationChange, ReservationInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";
import { BOOKING_LOCK } from "./create-reservation";
import { reservationSelect, toReservationInfo } from "./reservation-row";

/**
 * Moves a confirmed reservation to another time or party size if `fits`
 * accepts the other confirmed reservations starting in `overlapping` (its
 * own seats do not count against it), read under the booking lock like a
 * new booking. Null when it no longer fits or is not confirmed; the
 * reference stays the same.
 */
export async function rescheduleReservation(reference: string, change: ReservationChange, overlapping: { from: Date; to: Date }, fits: (booked: BookedSeats[]) => boolean): Promise<ReservationInfo | null> {
  const key = reference.toUpperCase();
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOKING_LOCK}::bigint)`;
    const booked = await tx.reservation.findMany({
      where: { status: "confirmed", reference: { not: key }, startsAt: { gte: overlapping.from, lt: overlapping.to } },
      select: { startsAt: true, partySize: true },
    });
    if (!fits(booked)) return null;
    const { count } = await tx.reservation.updateMany({ where: { reference: key, status: "confirmed" }, data: { partySize: change.partySize, startsAt: change.startsAt } });
    if (count === 0) return null;
    const row = await tx.reservation.findUnique({ where: { reference: key }, select: reservationSelect });
    return row ? toReservationInfo(row) : null;
  });
}
