import type { BookedSeats } from "../../core/dialogue/booking/availability";
import { db } from "../db";

/** Confirmed reservations starting in [from, to): what capacity is checked against. */
export async function listBookedSeats(from: Date, to: Date): Promise<BookedSeats[]> {
  return db().reservation.findMany({
    where: { status: "confirmed", startsAt: { gte: from, lt: to } },
    select: { startsAt: true, partySize: true },
  });
}
