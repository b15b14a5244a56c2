import { describe, expect, it } from "vitest";
import { buildDomainLm, lmWords } from "./domain-lm";

describe("domain language model", () => {
  const lm = buildDomainLm(["what are your opening hours", "when are you open", "What's the address?"]);

  it("prefers the business's wording over a near-homophone", () => {
    expect(lm.logProb(lmWords("what are your opening hours"))).toBeGreaterThan(lm.logProb(lmWords("what are your opening others")));
    expect(lm.logProb(lmWords("when are you open"))).toBeGreaterThan(lm.logProb(lmWords("when you open")));
  });

  it("gives unseen words a floor, not zero", () => {
    const unseen = lm.logProb(lmWords("who won the game"));
    expect(Number.isFinite(unseen)).toBe(true);
    expect(unseen).toBeLessThan(lm.logProb(lmWords("when are you open")));
  });

  it("matches words however they are written", () => {
    expect(lmWords("What's the [unk] address?")).toEqual(["whats", "the", "address"]);
    expect(lm.logProb(lmWords("whats the address"))).toBe(lm.logProb(lmWords("What's the address")));
  });
});
