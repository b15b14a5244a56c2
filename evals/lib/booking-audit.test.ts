import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../server/business-profile";
import type { StoredConversation } from "./admin-api";
import { auditBookings } from "./booking-audit";

const profile = loadBusinessProfile();
// Thursday 3 December 2026 in New York: open 08:00–18:00, last table 17:00.
const conversation = (readBack: string, yes: string, booked: { partySize: number; time: string }): StoredConversation => ({
  id: "c1",
  channel: "chat",
  turns: [
    { role: "user", text: "table for 4 tomorrow at noon, I'm Lee, 555 0142", startedAt: "2026-12-02T15:00:00Z" },
    { role: "agent", text: readBack, startedAt: "2026-12-02T15:00:01Z" },
    { role: "user", text: yes, startedAt: "2026-12-02T15:00:10Z" },
    { role: "agent", text: "You're booked.", startedAt: "2026-12-02T15:00:11Z" },
  ],
  toolCalls: [{ name: "book_table", arguments: {}, result: { booked: true, reference: "HC-10001", date: "2026-12-03", ...booked }, startedAt: "2026-12-02T15:00:10.500Z" }],
});
const stored = (partySize: number, startsAt: string, reference = "HC-10001") => ({ reference, partySize, startsAt, status: "confirmed" });

describe("booking audit", () => {
  it("passes a booking made on a yes to its read-back, within the rules", () => {
    const audit = auditBookings(conversation("Let me read that back: a table for 4 people tomorrow at 12 pm. Shall I book it?", "yes please", { partySize: 4, time: "12:00" }), [stored(4, "2026-12-03T17:00:00Z")], profile);
    expect(audit).toEqual({ booked: 1, unconfirmed: [], outsideRules: [] });
  });

  it("counts a booking the caller never said yes to", () => {
    const noQuestion = auditBookings(conversation("We have a table for 4 tomorrow at noon.", "ok", { partySize: 4, time: "12:00" }), [], profile);
    expect(noQuestion.unconfirmed).toHaveLength(1);
    const notYes = auditBookings(conversation("Shall I book it?", "hmm, what about parking", { partySize: 4, time: "12:00" }), [], profile);
    expect(notYes.unconfirmed[0]).toContain('the caller said "hmm, what about parking"');
  });

  it("counts bookings after the last seating, above the party limit and above a slot's seats", () => {
    const late = auditBookings(conversation("Shall I book it?", "yes", { partySize: 4, time: "17:30" }), [], profile);
    expect(late.outsideRules[0]).toContain("outside_hours");
    const big = auditBookings(conversation("Shall I book it?", "yes", { partySize: 40, time: "12:00" }), [], profile);
    expect(big.outsideRules[0]).toContain("party_too_large");
    const seats = profile.reservations.seatsPerSlot;
    const full = auditBookings(conversation("Shall I book it?", "yes", { partySize: 4, time: "12:00" }), [stored(4, "2026-12-03T17:00:00Z"), stored(seats - 3, "2026-12-03T17:00:00Z", "HC-20000")], profile);
    expect(full.outsideRules).toEqual(["book_table HC-10001: above the seats a slot holds"]);
  });
});
