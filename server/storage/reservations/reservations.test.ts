/**
 * Integration test against the real database at DATABASE_URL (migrated).
 * Unreachable database: skipped locally, failed when CI_REQUIRE_DB=1.
 */
import { afterAll, describe, expect, it } from "vitest";
import { reservationRulesSchema } from "../../core/dialogue/business-profile";
import { overlapWindow, seatsFit } from "../../core/dialogue/booking/availability";
import { startConversation } from "../conversations/start-conversation";
import { db, disconnectDb } from "../db";
import { databaseGate } from "../testing/database-gate";
import { reservationBook } from "./reservation-book";
import { listReservations } from "./list-reservations";

const unreachable = await databaseGate("reservations.test");

describe.skipIf(unreachable !== null)("reservation storage (Postgres)", () => {
  const conversations: string[] = [];
  const rules = reservationRulesSchema.parse({ seatsPerSlot: 10, durationMinutes: 90 });
  // A slot far from anything else stored, unique to this run.
  const startsAt = new Date(Date.UTC(2090, 0, 1, 12, Math.floor(Math.random() * 1000) * 90));

  afterAll(async () => {
    await db().reservation.deleteMany({ where: { conversationId: { in: conversations } } });
    await db().conversation.deleteMany({ where: { id: { in: conversations } } });
    await disconnectDb();
  });

  it("keeps the contact until the booking is made, then moves it into the reservation", async () => {
    const { id } = await startConversation({ channel: "chat" });
    conversations.push(id);
    await reservationBook.rememberContact(id, "ada@example.com");
    expect(await reservationBook.recallContact(id)).toBe("ada@example.com");
    const made = await reservationBook.create({ conversationId: id, name: "Ada", contact: "ada@example.com", partySize: 2, startsAt }, overlapWindow(startsAt, rules), (booked) => seatsFit(startsAt, 2, booked, rules));
    expect(made).toMatchObject({ name: "Ada", partySize: 2, status: "confirmed", conversationId: id, reference: expect.stringMatching(/^HC-\d{5}$/) });
    expect(await reservationBook.recallContact(id)).toBeNull();
    expect((await db().reservation.findUnique({ where: { id: made!.id } }))?.contact).toBe("ada@example.com");
    expect(JSON.stringify(await listReservations({ from: startsAt }))).not.toContain("ada@example.com");
    expect(await reservationBook.cancel(made!.reference)).toMatchObject({ status: "cancelled" });
    expect(await reservationBook.find(made!.reference)).toMatchObject({ status: "cancelled" });
  });

  it("never seats more than the capacity, even when callers book the last seats at once", async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, () => startConversation({ channel: "chat" })));
    conversations.push(...ids.map((c) => c.id));
    // Six parties of three want ten seats at the same time: at most three fit.
    const attempts = await Promise.all(
      ids.map(({ id }) =>
        reservationBook.create({ conversationId: id, name: "Racer", contact: "555 0100", partySize: 3, startsAt }, overlapWindow(startsAt, rules), (booked) => seatsFit(startsAt, 3, booked, rules)),
      ),
    );
    expect(attempts.filter((r) => r !== null)).toHaveLength(3);
    const seated = await reservationBook.bookedBetween(overlapWindow(startsAt, rules).from, overlapWindow(startsAt, rules).to);
    expect(seated.reduce((sum, r) => sum + r.partySize, 0)).toBe(9);
  });

  it("books a retried request once: sequential retries and identical requests at once return the one reservation", async () => {
    const { id } = await startConversation({ channel: "chat" });
    conversations.push(id);
    // Its own day, clear of the other tests' slots.
    const at = new Date(startsAt.getTime() + 2 * 86_400_000);
    const request = { conversationId: id, name: "Twice", contact: "555 0103", partySize: 4, startsAt: at };
    const create = (size = 4) => reservationBook.create({ ...request, partySize: size }, overlapWindow(at, rules), (booked) => seatsFit(at, size, booked, rules));
    const first = await create();
    const [again, alsoAgain] = await Promise.all([create(), create()]);
    expect(again).toEqual(first);
    expect(alsoAgain).toEqual(first);
    expect(await db().reservation.count({ where: { conversationId: id } })).toBe(1);
    // A different request in the same conversation is a second booking; a cancelled one is booked anew.
    expect((await create(2))?.reference).not.toBe(first!.reference);
    await reservationBook.cancel(first!.reference);
    expect((await create())?.reference).not.toBe(first!.reference);
    expect(await db().reservation.count({ where: { conversationId: id } })).toBe(3);
  });

  it("moves a reservation only where its new seats fit, its own seats not counting against it", async () => {
    const { id } = await startConversation({ channel: "chat" });
    conversations.push(id);
    // A day of its own, 3 hours apart from the slot above.
    const from = new Date(startsAt.getTime() + 86_400_000);
    const to = new Date(from.getTime() + 3 * 3_600_000);
    const fits = (at: Date, size: number) => (booked: Parameters<typeof seatsFit>[2]) => seatsFit(at, size, booked, rules);
    const mine = await reservationBook.create({ conversationId: id, name: "Mover", contact: "555 0101", partySize: 6, startsAt: from }, overlapWindow(from, rules), fits(from, 6));
    const other = await reservationBook.create({ conversationId: id, name: "Other", contact: "555 0102", partySize: 5, startsAt: to }, overlapWindow(to, rules), fits(to, 5));
    // Growing in place to 10 fits (its own 6 seats are not counted twice).
    expect(await reservationBook.reschedule(mine!.reference, { partySize: 10, startsAt: from }, overlapWindow(from, rules), fits(from, 10))).toMatchObject({ partySize: 10, startsAt: from });
    // Moving next to the other party with 10 does not fit; the reservation stays as it was.
    expect(await reservationBook.reschedule(mine!.reference, { partySize: 10, startsAt: to }, overlapWindow(to, rules), fits(to, 10))).toBeNull();
    expect(await reservationBook.find(mine!.reference)).toMatchObject({ partySize: 10, startsAt: from, status: "confirmed" });
    expect(await reservationBook.reschedule(mine!.reference, { partySize: 5, startsAt: to }, overlapWindow(to, rules), fits(to, 5))).toMatchObject({ partySize: 5, startsAt: to, reference: mine!.reference });
    await reservationBook.cancel(other!.reference);
    expect(await reservationBook.reschedule(other!.reference, { partySize: 2, startsAt: from }, overlapWindow(from, rules), fits(from, 2))).toBeNull();
  });
});
