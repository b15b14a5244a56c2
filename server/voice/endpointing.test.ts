import { describe, expect, it } from "vitest";
import { defaultEndpointing, endOfTurnDelayMs, turnCue } from "./endpointing";

describe("adaptive endpointing", () => {
  it("shortens the wait for a complete sentence", () => {
    expect(turnCue("what are your opening hours")).toBe("complete");
    expect(endOfTurnDelayMs("what are your opening hours")).toBe(defaultEndpointing.minDelayMs);
  });
  it("lengthens it for a trailing conjunction, filler or digits still being read", () => {
    expect(turnCue("I want to change my order and")).toBe("incomplete");
    expect(turnCue("it's um")).toBe("incomplete");
    expect(turnCue("my order is four two")).toBe("incomplete");
    expect(endOfTurnDelayMs("my order is four two")).toBe(defaultEndpointing.maxDelayMs);
  });
  it("treats a finished digit string and a complete intent as complete", () => {
    expect(turnCue("four two seven one")).toBe("complete");
    expect(turnCue("hours", { ...defaultEndpointing, isCompleteIntent: (t) => t === "hours" })).toBe("complete");
  });
  it("waits a middling time when nothing was recognised yet", () => {
    const d = endOfTurnDelayMs("");
    expect(d).toBeGreaterThan(defaultEndpointing.minDelayMs);
    expect(d).toBeLessThan(defaultEndpointing.maxDelayMs);
  });
});
