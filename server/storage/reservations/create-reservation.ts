import { randomInt } from "node:crypto";
import type { BookedSeats } from "../../core/dialogue/booking/availability";
import type { NewReservation, ReservationInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";
import { Prisma } from "../generated/prisma";
import { toReservationInfo } from "./reservation-row";

/** Serialises bookings: the capacity check and the insert happen under this transaction-scoped lock. */
export const BOOKING_LOCK = 4_271_001;
const MAX_REFERENCE_ATTEMPTS = 5;

/**
 * Stores a confirmed reservation if `fits` accepts the confirmed reservations
 * starting in `overlapping`, read under a lock so two callers cannot both take
 * the last seats. Returns null when it no longer fits. The reference is
 * `HC-` and five digits (digits read back and recognised reliably by voice),
 * drawn at random so references cannot be walked; the caller's contact draft
 * is deleted in the same transaction.
 *
 * Idempotent: a request already stored (same conversation, name, party size
 * and time, still confirmed) returns that reservation instead of booking
 * again. This is what makes a retry safe, whoever retries: the model calling
 * the tool twice, the caller saying yes twice, or a commit that landed after
 * the client had given up on it (the query deadline) and the turn that tried
 * again. The lock makes the check and the insert one step, so two identical
 * requests at once book once.
 */
export async function createReservation(input: NewReservation, overlapping: { from: Date; to: Date }, fits: (booked: BookedSeats[]) => boolean): Promise<ReservationInfo | null> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db().$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOKING_LOCK}::bigint)`;
        const already = await tx.reservation.findFirst({
          where: { conversationId: input.conversationId, name: input.name, partySize: input.partySize, startsAt: input.startsAt, status: "confirmed" },
        });
        if (already) {
          await tx.reservationDraft.deleteMany({ where: { conversationId: input.conversationId } });
          return toReservationInfo(already);
        }
        const booked = await tx.reservation.findMany({
          where: { status: "confirmed", startsAt: { gte: overlapping.from, lt: overlapping.to } },
          select: { startsAt: true, partySize: true },
        });
        if (!fits(booked)) return null;
        const row = await tx.reservation.create({
          data: {
            reference: `HC-${randomInt(10_000, 100_000)}`,
            conversationId: input.conversationId,
            name: input.name,
            contact: input.contact,
            partySize: input.partySize,
            startsAt: input.startsAt,
          },
        });
        await tx.reservationDraft.deleteMany({ where: { conversationId: input.conversationId } });
        return toReservationInfo(row);
      });
    } catch (error) {
      // A reference drawn twice: draw again.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002" && attempt < MAX_REFERENCE_ATTEMPTS) continue;
      throw error;
    }
  }
}
