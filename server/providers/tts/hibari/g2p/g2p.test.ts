import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertAssets } from "../assets";
import { FrontEnd } from "../frontend";
import { testAssetsDir } from "../testing/assets-dir";
import { cardinal, decimal, ordinal, year } from "./numbers";
import { applyStress } from "./stress";

interface Reference {
  source: string;
  text: string;
  spoken: string;
  phonemes: string;
  fixedPoint: boolean;
}

/** Made by scripts/make-hibari-fixtures.ts from hibari-tts 0.2.1's own Python front end. */
const references: Reference[] = readFileSync(join(import.meta.dirname, "..", "testing", "g2p-reference.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Reference);

describe("hibari front end against the Python reference", () => {
  let frontEnd: FrontEnd;
  let misaki: FrontEnd;
  beforeAll(async () => {
    assertAssets(testAssetsDir);
    [frontEnd, misaki] = await Promise.all([FrontEnd.load(testAssetsDir), FrontEnd.load(testAssetsDir, { misaki: true })]);
  });

  it("gives the reference's phonemes for every agent sentence (our departures off)", async () => {
    const checked = references.filter((r) => r.fixedPoint);
    expect(checked.length).toBeGreaterThanOrEqual(2000);
    const wrong: string[] = [];
    for (const r of checked) {
      const phonemes = await misaki.phonemizeNormalized(r.spoken);
      if (phonemes !== r.phonemes) wrong.push(`${r.spoken}\n  python: ${r.phonemes}\n  ours:   ${phonemes}`);
    }
    expect(wrong.slice(0, 10).join("\n")).toBe("");
  }, 120_000);

  it("with our departures on, differs only where a word is two run together", async () => {
    const differing: string[] = [];
    for (const r of references.filter((x) => x.fixedPoint)) {
      if ((await frontEnd.phonemizeNormalized(r.spoken)) !== r.phonemes) differing.push(r.spoken);
    }
    expect(differing.length).toBeGreaterThan(0);
    expect(differing.filter((s) => !/\bharborcafe\b/.test(s))).toEqual([]);
  }, 120_000);

  it("says a lower-case word the lexicon lacks as the two everyday words it runs together, a name by the OOV net", async () => {
    expect(await frontEnd.phonemizeNormalized("Email hello at harborcafe dot example.")).toContain("æt hˈɑɹbəɹ kæfˈA dˈɑt");
    expect(await misaki.phonemizeNormalized("Email hello at harborcafe dot example.")).toContain("æt hˈɑɹbɔɹkˌAf dˈɑt");
    expect(await frontEnd.phonemizeNormalized("See brunchmenu dot example.")).toContain("bɹˈʌnʧ mˈɛnju dˈɑt");
    // Unsplittable or a name: as misaki reads them.
    for (const text of ["The descaler and the frother.", "Call Harborcafe.", "Ask for okoye."]) {
      expect(await frontEnd.phonemizeNormalized(text)).toBe(await misaki.phonemizeNormalized(text));
    }
  });

  it("departs from it only where hibari's own normaliser misreads the text", () => {
    // e.g. "James Carter" → "James the zeroth Carter" (a Roman numeral of length 0 after a king's name).
    const departures = references.filter((r) => !r.fixedPoint);
    expect(departures.length).toBeLessThanOrEqual(references.length / 100);
  });

  it("reads names the lexicon has never seen with the OOV net", async () => {
    const phonemes = await frontEnd.phonemize("Oluwaseun Okonkwo");
    expect(phonemes).toMatch(/^\S+ \S+$/);
    expect(phonemes).toMatch(/[ˈˌ]/);
  });

  it("normalises before reading: the written and the spoken form sound the same", async () => {
    expect(await frontEnd.phonemize("It's $4.50 at 9:30 am.")).toBe(await frontEnd.phonemizeNormalized("It's four dollars fifty at nine thirty a.m."));
  });

  it("says a capital A among spelled characters as the letter, elsewhere as the tagger reads it", async () => {
    const reference = await frontEnd.phonemizeNormalized("Your reference is H C, seven A J zero H.");
    expect(reference).toContain("sˈɛvən ˈA ʤˈA");
    expect(await frontEnd.phonemizeNormalized("H C, A B three.")).toMatch(/^ˈAʧ sˈi, ˈA bˈi/);
    expect(await frontEnd.phonemizeNormalized("A table for two.")).toMatch(/^ɐ tˈAbᵊl/);
    expect(await frontEnd.phonemizeNormalized("A T-shirt.")).toMatch(/^ɐ /);
  });

  it("keeps the full stop after a letter that ends the sentence, and an initial inside it", async () => {
    // misaki (via spaCy's tokenizer) takes "H." for an initial and drops the stop: the last letter was said flat, with no ending.
    expect(await frontEnd.phonemizeNormalized("Your reference is H C, seven, Y, J, zero, H.")).toMatch(/ˈAʧ\.$/);
    expect(await frontEnd.phonemizeNormalized("It is plan A.")).toMatch(/ˈA\.$/);
    expect(await frontEnd.phonemizeNormalized("Call Mister H. Smith.")).toBe("kˈɔl mˈɪstəɹ ˈAʧ smˈɪθ.");
  });

  it("picks the reading by part of speech", async () => {
    const [present, past] = [await frontEnd.phonemize("Did you read the menu?"), await frontEnd.phonemize("I read it yesterday.")];
    expect(present).toContain("ɹˈid");
    expect(past).toContain("ɹˈɛd");
  });
});

describe("hibari number words and stress", () => {
  it("reads like num2words", () => {
    expect(cardinal(1234)).toBe("one thousand, two hundred and thirty-four");
    expect(cardinal(1001)).toBe("one thousand and one");
    expect(ordinal(23)).toBe("twenty-third");
    expect(ordinal(101)).toBe("one hundred and first");
    expect(year(1905)).toBe("nineteen oh-five");
    expect(year(2005)).toBe("two thousand and five");
    expect(decimal("3.140")).toBe("three point one four");
  });

  it("moves stress like misaki", () => {
    expect(applyStress("hˈɛlO", -1)).toBe("hˌɛlO");
    expect(applyStress("kæt", 2)).toBe("kˈæt");
    expect(applyStress("ˈɑnˌɛst", -2)).toBe("ɑnɛst");
  });
});
