import { describe, expect, it } from "vitest";
import { buildArpa, tokenizeForLm } from "./domain-lm";

describe("domain language model (bench: the former pocketsphinx setup)", () => {
  it("writes a well-formed ARPA trigram model whose header counts match its sections", () => {
    const arpa = buildArpa(["what are your opening hours", "when do you open", "what are your prices"], new Set(["what", "are", "your", "opening", "hours", "when", "do", "you", "open", "prices"]));
    const declared = [...arpa.matchAll(/ngram (\d)=(\d+)/g)].map((m) => Number(m[2]));
    const sections = arpa.split(/\\\d-grams:\n/).slice(1).map((s) => s.split("\n\n")[0]!.split("\n").filter(Boolean).length);
    expect(sections).toEqual(declared);
    expect(arpa).toMatch(/-?\d+\.\d{4}\t<s>\t-?\d+\.\d{4}/);
    expect(arpa.trim().endsWith("\\end\\")).toBe(true);
  });

  it("splits sentences at words the dictionary lacks", () => {
    expect(tokenizeForLm("Harbor Cafe's zork menu", new Set(["harbor", "menu"]))).toEqual([["harbor"], ["menu"]]);
  });
});
