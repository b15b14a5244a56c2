import { describe, expect, it } from "vitest";
import { alignWords, benchPair, benchWords } from "./tts-word-diff";

describe("benchWords", () => {
  it("scores letters said in a row the same however the ear writes them", () => {
    expect(benchWords("Your reference is H C, seven, Y.")).toEqual(["your", "reference", "is", "h", "c", "seven", "y"]);
    expect(benchWords("your reference is hc seven y")).toEqual(["your", "reference", "is", "h", "c", "seven", "y"]);
    expect(benchWords("HC")).toEqual(["h", "c"]);
  });

  it("leaves words, and English words without a vowel, as they are", () => {
    expect(benchWords("hmm, the rhythm of my gym")).toEqual(["hmm", "the", "rhythm", "of", "my", "gym"]);
  });

  it("still counts a wrong letter", () => {
    expect(alignWords(benchWords("H C, X, S"), benchWords("hc acts as"))).toEqual([
      { kind: "sub", ref: "x", hyp: "acts" },
      { kind: "sub", ref: "s", hyp: "as" },
    ]);
  });

  it("takes a compound spelt as one word or two as the same words, and nothing else", () => {
    expect(benchPair("the West End and New Castle.", "the west end and newcastle")).toEqual([
      ["the", "west", "end", "and", "newcastle"],
      ["the", "west", "end", "and", "newcastle"],
    ]);
    expect(benchPair("Cakes can be pre-ordered.", "cakes can be preordered")).toEqual([
      ["cakes", "can", "be", "preordered"],
      ["cakes", "can", "be", "preordered"],
    ]);
    expect(benchPair("Walk-ins are welcome", "watkins are welcome")[0]).toEqual(["walk", "ins", "are", "welcome"]);
    expect(benchPair("a table for two", "at able for two")).toEqual([
      ["a", "table", "for", "two"],
      ["at", "able", "for", "two"],
    ]);
  });
});
