import { describe, expect, it } from "vitest";
import { argumentsMatch, checkTurn } from "./check";

const observed = {
  answer: "We’re open Mon–Fri 8:00–18:00.",
  intents: ["hours"],
  toolCalls: [{ name: "check_table_availability", arguments: { partySize: 6, date: "2026-12-03", time: "19:00" } }],
};

describe("checkTurn", () => {
  it("passes when every expectation holds (typographic quotes and dashes are plain)", () => {
    expect(
      checkTurn(
        { intent: "hours", says: [["eight", "8:00"], "we're open"], mustNotSay: ["not sure"], tools: [{ name: "check_table_availability", arguments: { partySize: 6, time: "19:00" } }], noTools: ["book_table"], transfer: false },
        observed,
        { intentRequired: true },
      ),
    ).toEqual([]);
  });

  it("names each miss", () => {
    const failures = checkTurn(
      { intent: "address", says: ["Harbor Street"], mustNotSay: ["mon-fri"], tools: [{ name: "book_table" }], noTools: ["check_table_availability"], transfer: true },
      observed,
      { intentRequired: true },
    );
    expect(failures).toEqual([
      "intent address expected, got hours",
      "tool book_table not called (called check_table_availability)",
      "tool check_table_availability called but must not be",
      'answer lacks "Harbor Street"',
      'answer says "mon-fri"',
      "no transfer to a person",
    ]);
  });

  it("reports wrong tool arguments with what was called", () => {
    const failures = checkTurn({ tools: [{ name: "check_table_availability", arguments: { partySize: 5 } }] }, observed, { intentRequired: false });
    expect(failures[0]).toMatch(/called with .*"partySize":6.*expected .*"partySize":5/);
  });

  it("in LLM mode, checks the intent only when the answer took the intent path", () => {
    const viaLlm = { ...observed, intents: [] };
    expect(checkTurn({ intent: "hours" }, viaLlm, { intentRequired: false })).toEqual([]);
    expect(checkTurn({ intent: "hours" }, viaLlm, { intentRequired: true })).toEqual(["intent hours expected, got none"]);
    expect(checkTurn({ intent: "address" }, observed, { intentRequired: false })).toEqual(["intent address expected, got hours"]);
  });

  it("a tool that failed does not count as done", () => {
    const failed = { ...observed, toolCalls: [{ name: "cancel_reservation", arguments: { reference: "HC-1234" }, error: "unknown tool: cancel_reservation" }] };
    expect(checkTurn({ tools: [{ name: "cancel_reservation" }] }, failed, { intentRequired: false })).toEqual(["tool cancel_reservation failed: unknown tool: cancel_reservation"]);
  });
});

describe("reserved", () => {
  it("checks the stored reservations after the turn", () => {
    expect(checkTurn({ reserved: false }, { ...observed, reservations: 1 }, { intentRequired: false })).toEqual(["a reservation was stored before the caller confirmed"]);
    expect(checkTurn({ reserved: true }, { ...observed, reservations: 0 }, { intentRequired: false })).toEqual(["no reservation stored"]);
    expect(checkTurn({ reserved: true }, { ...observed, reservations: 1 }, { intentRequired: false })).toEqual([]);
    expect(checkTurn({ reserved: false }, observed, { intentRequired: false })).toEqual(["no reservations API to check the booking against"]);
  });
});

describe("argumentsMatch", () => {
  it("compares numbers by value and strings without case", () => {
    expect(argumentsMatch({ partySize: 6, name: "sam taylor" }, { partySize: "6", name: "Sam Taylor", contact: "x" })).toBe(true);
    expect(argumentsMatch({ partySize: 6 }, { partySize: 7 })).toBe(false);
    expect(argumentsMatch({ partySize: 6 }, {})).toBe(false);
    expect(argumentsMatch({ a: 1 }, "not an object")).toBe(false);
  });
});
