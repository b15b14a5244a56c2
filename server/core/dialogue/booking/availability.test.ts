import { describe, expect, it } from "vitest";
import { calendarSchema, defaultCalendar, reservationRulesSchema } from "../business-profile";
import { instantAt } from "../calendar";
import { availability, nearbyTimes, ruleRefusal, seatsFit, type BookingRules } from "./availability";

const calendar = calendarSchema.parse({ ...defaultCalendar, holidays: [{ date: "2026-12-25", name: "Christmas Day" }] });
const rules = reservationRulesSchema.parse({ maxPartySize: 12, seatsPerSlot: 10, leadTimeMinutes: 60, maxDaysAhead: 30, durationMinutes: 90, lastSeatingBeforeCloseMinutes: 60 });
const booking: BookingRules = { calendar, rules };
// Wednesday 2 December 2026, 10:00 in New York.
const now = new Date("2026-12-02T15:00:00Z");
const at = (date: string, time: string) => instantAt(date, Number(time.slice(0, 2)) * 60 + Number(time.slice(3)), calendar.timeZone);

describe("booking rules", () => {
  it("allows a table inside opening hours, up to the last seating", () => {
    expect(ruleRefusal({ partySize: 4, date: "2026-12-03", time: "17:00" }, booking, now)).toBeUndefined();
    expect(ruleRefusal({ partySize: 4, date: "2026-12-03", time: "17:30" }, booking, now)).toEqual({ reason: "outside_hours", open: "08:00", close: "18:00", lastSeating: "17:00" });
    expect(ruleRefusal({ partySize: 4, date: "2026-12-03", time: "19:00" }, booking, now)?.reason).toBe("outside_hours");
    expect(ruleRefusal({ partySize: 4, date: "2026-12-05", time: "08:30" }, booking, now)?.reason).toBe("outside_hours"); // Saturday opens at 9
  });

  it("refuses holidays, big parties, short notice, the past and far ahead", () => {
    expect(ruleRefusal({ partySize: 4, date: "2026-12-25", time: "12:00" }, booking, now)).toEqual({ reason: "closed", holiday: "Christmas Day" });
    expect(ruleRefusal({ partySize: 13, date: "2026-12-03", time: "12:00" }, booking, now)).toEqual({ reason: "party_too_large", max: 12 });
    expect(ruleRefusal({ partySize: 2, date: "2026-12-02", time: "10:30" }, booking, now)).toEqual({ reason: "lead_time", leadTimeMinutes: 60 });
    expect(ruleRefusal({ partySize: 2, date: "2026-12-02", time: "09:00" }, booking, now)).toEqual({ reason: "past" });
    expect(ruleRefusal({ partySize: 2, date: "2027-01-05", time: "12:00" }, booking, now)).toEqual({ reason: "too_far", maxDaysAhead: 30 });
    expect(ruleRefusal({ partySize: 2, date: "2026-02-30", time: "12:00" }, booking, now)).toEqual({ reason: "invalid" });
  });

  it("counts the seats of every table still sitting, not only the ones that start at the same time", () => {
    const booked = [
      { startsAt: at("2026-12-03", "12:00"), partySize: 6 },
      { startsAt: at("2026-12-03", "13:00"), partySize: 2 },
    ];
    // 12:30: the 12:00 table (6) and, from 13:00, the 13:00 table (2) are sitting: 8 of 10 seats.
    expect(seatsFit(at("2026-12-03", "12:30"), 2, booked, rules)).toBe(true);
    expect(seatsFit(at("2026-12-03", "12:30"), 3, booked, rules)).toBe(false);
    // 11:00 ends at 12:30, overlapping the 12:00 table only.
    expect(seatsFit(at("2026-12-03", "11:00"), 4, booked, rules)).toBe(true);
    expect(seatsFit(at("2026-12-03", "11:00"), 5, booked, rules)).toBe(false);
    // 13:30 starts when the 12:00 table has left.
    expect(seatsFit(at("2026-12-03", "13:30"), 8, booked, rules)).toBe(true);
    expect(availability({ partySize: 5, date: "2026-12-03", time: "12:00" }, booking, now, booked)).toEqual({ reason: "full" });
  });

  it("offers the nearest free times on the same day", () => {
    const booked = [{ startsAt: at("2026-12-03", "12:00"), partySize: 10 }];
    expect(nearbyTimes({ partySize: 2, date: "2026-12-03", time: "12:00" }, booking, now, booked)).toEqual(["10:30", "13:30"]);
    expect(nearbyTimes({ partySize: 4, date: "2026-12-03", time: "19:00" }, booking, now, [])).toEqual(["16:30", "17:00"]);
    expect(nearbyTimes({ partySize: 4, date: "2026-12-25", time: "12:00" }, booking, now, [])).toEqual([]);
  });
});
