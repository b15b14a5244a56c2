import { describe, expect, it } from "vitest";
import { splitSentences } from "./sentences";

describe("splitSentences", () => {
  it("splits on sentence ends and keeps abbreviations and decimals", () => {
    expect(splitSentences("Hello! We are at 12 Harbor St. in town. It costs 4.50 dollars? Yes")).toEqual([
      "Hello!",
      "We are at 12 Harbor St. in town.",
      "It costs 4.50 dollars?",
      "Yes",
    ]);
  });
  it("returns nothing for blank text", () => {
    expect(splitSentences("   ")).toEqual([]);
  });
});
