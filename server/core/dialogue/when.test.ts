import { describe, expect, it } from "vitest";
import { addDays, businessMoment, hoursOn, instantAt } from "./calendar";
import { defaultCalendar, calendarSchema } from "./business-profile";
import { normaliseWhen, parsePartySize, parseTime, pickHalfDay, resolveDate } from "./when";

const ny = "America/New_York";
const date = (text: string, now: string, zone = ny) => resolveDate(normaliseWhen(text), new Date(now), zone);
const time = (text: string) => parseTime(normaliseWhen(text));
const party = (text: string) => parsePartySize(normaliseWhen(text));

describe("the business's clock", () => {
  it("says today in the business's zone, not the server's", () => {
    // 02:30 UTC on 3 Dec is still the evening of 2 Dec in New York.
    expect(businessMoment(new Date("2026-12-03T02:30:00Z"), ny)).toEqual({ date: "2026-12-02", minutes: 21 * 60 + 30, weekday: 3 });
    expect(date("can I come tonight", "2026-12-03T02:30:00Z")).toBe("2026-12-02");
    expect(date("tomorrow", "2026-12-03T02:30:00Z")).toBe("2026-12-03");
    // The same instant in Tokyo is already 3 Dec.
    expect(date("today", "2026-12-03T02:30:00Z", "Asia/Tokyo")).toBe("2026-12-03");
  });

  it("maps a business-time date and time to the right instant across DST changes", () => {
    expect(instantAt("2026-12-04", 19 * 60, ny).toISOString()).toBe("2026-12-05T00:00:00.000Z"); // EST, UTC-5
    expect(instantAt("2026-07-04", 19 * 60, ny).toISOString()).toBe("2026-07-04T23:00:00.000Z"); // EDT, UTC-4
    expect(instantAt("2026-03-08", 12 * 60, ny).toISOString()).toBe("2026-03-08T16:00:00.000Z"); // the day clocks go forward
    expect(instantAt("2026-11-01", 12 * 60, ny).toISOString()).toBe("2026-11-01T17:00:00.000Z"); // the day they go back
  });

  it("adds days on the calendar across month and year ends and leap days", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });

  it("takes a holiday over the weekly hours", () => {
    const calendar = calendarSchema.parse({ ...defaultCalendar, holidays: [{ date: "2026-12-25", name: "Christmas Day" }, { date: "2026-12-24", name: "Christmas Eve", open: "08:00", close: "14:00" }] });
    expect(hoursOn("2026-12-25", calendar)).toEqual({ date: "2026-12-25", open: null, holiday: "Christmas Day" });
    expect(hoursOn("2026-12-24", calendar)).toEqual({ date: "2026-12-24", open: { from: 480, to: 840 }, holiday: "Christmas Eve" });
    expect(hoursOn("2026-12-23", calendar).open).toEqual({ from: 480, to: 1080 });
  });
});

describe("relative days", () => {
  it("resolves next Friday near month and year ends", () => {
    expect(date("next friday", "2026-01-29T15:00:00Z")).toBe("2026-01-30"); // Thursday → the next day
    expect(date("next friday", "2026-01-30T15:00:00Z")).toBe("2026-02-06"); // a Friday → a week on, in February
    expect(date("next Friday", "2026-12-31T15:00:00Z")).toBe("2027-01-01"); // New Year's Eve (Thursday) → next year
    expect(date("on friday", "2027-02-27T15:00:00Z")).toBe("2027-03-05"); // Saturday at the end of February
    expect(date("this friday", "2026-01-30T15:00:00Z")).toBe("2026-01-30"); // "this Friday" on a Friday is today
  });

  it("reads dates by name, also as STT writes them", () => {
    expect(date("december the fifth", "2026-12-02T15:00:00Z")).toBe("2026-12-05");
    expect(date("on the 5th of december", "2026-12-02T15:00:00Z")).toBe("2026-12-05");
    expect(date("january third", "2026-12-02T15:00:00Z")).toBe("2027-01-03"); // already past this year
    expect(date("on the twenty first", "2026-12-02T15:00:00Z")).toBe("2026-12-21");
    expect(date("on the first", "2026-12-02T15:00:00Z")).toBe("2027-01-01");
    expect(date("the day after tomorrow", "2026-12-30T15:00:00Z")).toBe("2027-01-01");
    expect(date("2026-12-10", "2026-12-02T15:00:00Z")).toBe("2026-12-10");
    expect(date("what are your opening hours", "2026-12-02T15:00:00Z")).toBeUndefined();
  });
});

describe("times and party sizes as Vosk writes them", () => {
  it("reads clock times", () => {
    expect(time("at seven p m")).toEqual({ minutes: 19 * 60, definite: true });
    expect(time("at 7pm")).toEqual({ minutes: 19 * 60, definite: true });
    expect(time("seven thirty p m")).toEqual({ minutes: 19 * 60 + 30, definite: true });
    expect(time("at half past six in the evening")).toEqual({ minutes: 18 * 60 + 30, definite: true });
    expect(time("quarter to one")).toEqual({ minutes: 12 * 60 + 45, definite: false });
    expect(time("19:15")).toEqual({ minutes: 19 * 60 + 15, definite: true });
    expect(time("at noon")).toEqual({ minutes: 12 * 60, definite: true });
    expect(time("at two tomorrow")).toEqual({ minutes: 2 * 60, definite: false });
    expect(time("for four people")).toBeUndefined();
  });

  it("picks am or pm by when the business is open", () => {
    const open = (m: number) => m >= 8 * 60 && m < 18 * 60;
    expect(pickHalfDay({ minutes: 2 * 60, definite: false }, open)).toBe(14 * 60);
    expect(pickHalfDay({ minutes: 10 * 60, definite: false }, open)).toBe(10 * 60);
    expect(pickHalfDay({ minutes: 7 * 60, definite: false }, open)).toBe(19 * 60);
  });

  it("reads party sizes without mistaking times or 'for' for them", () => {
    expect(party("book a table for four people tomorrow at seven p m")).toBe(4);
    expect(party("I want to book a table for 4 tomorrow at 7pm")).toBe(4);
    expect(party("a table for two at seven")).toBe(2);
    expect(party("no I said six people")).toBe(6);
    expect(party("there will be twelve of us")).toBe(12);
    expect(party("party of eight")).toBe(8);
    expect(party("at seven for three")).toBe(3);
    expect(party("tomorrow at seven")).toBeUndefined();
    expect(party("for 7 pm")).toBeUndefined();
  });

  it("reads number homophones where only a number fits", () => {
    // What a recogniser writes for "a table for four people", "for two guests", "eight of us at four pm".
    expect(party("a table for for people on saturday")).toBe(4);
    expect(party("can we get a table for to guests")).toBe(2);
    expect(party("there'll be ate of us")).toBe(8);
    expect(time("friday at for p m")).toEqual({ minutes: 16 * 60, definite: true });
    expect(party("I want to come for lunch")).toBeUndefined();
    expect(time("we'd like to come to eat")).toBeUndefined();
    expect(time("saturday lunchtime")).toEqual({ minutes: 12 * 60, definite: true });
    expect(time("for lunch at 1")).toEqual({ minutes: 60, definite: false });
  });
});
