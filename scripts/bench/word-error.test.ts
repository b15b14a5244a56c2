import { describe, expect, it } from "vitest";
import { editDistance, scoringWords, wordErrorRate } from "./word-error";

describe("word error", () => {
  it("normalises case, punctuation, contractions and a.m./p.m. the way Vosk writes them", () => {
    expect(scoringWords("We're open 7 a.m. – 6 p.m., can't wait!")).toEqual(["we", "are", "open", "7", "am", "6", "pm", "can", "not", "wait"]);
    expect(scoringWords("[unk] good bye")).toEqual(["goodbye"]);
  });

  it("counts substitutions, deletions and insertions", () => {
    expect(editDistance(["a", "b", "c"], ["a", "x", "c"])).toBe(1);
    expect(editDistance(["a", "b", "c"], ["a", "c"])).toBe(1);
    expect(editDistance(["a", "b"], ["a", "b", "c", "d"])).toBe(2);
    expect(wordErrorRate("our opening hours", "our opening others")).toBeCloseTo(1 / 3);
    expect(wordErrorRate("", "")).toBe(0);
    expect(wordErrorRate("", "noise")).toBe(1);
  });
});
