import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDomainLm } from "./domain-lm";
import { buildPhoneticRepair, loadLexiconPronouncer, phonemeDistance, type Pronounce } from "./phonetic-repair";
import type { Hypothesis } from "./vosk-ffi";
import { createVoskStt } from "./vosk";

/** A few misaki pronunciations, as the voice's lexicon writes them. */
const lexicon: Record<string, string> = {
  why: "wˌI", fight: "fˈIt", fi: "fˈI", wifi: "wˈIfˌI", do: "dˈu", you: "jˈu", have: "hˈæv", free: "fɹˈi",
  a: "ə", lot: "lˈɑt", latte: "lˈɑtˌA", thanks: "θˈæŋks", get: "ɡˈɛt", can: "kˈæn", i: "ˈI", please: "plˈiz",
  weather: "wˈɛðəɹ", whether: "wˈɛðəɹ",
  begun: "bəɡˈʌn", vegan: "vˈiɡən", gun: "ɡˈʌn", saw: "sˈɔ", options: "ˈɑpʃənz", the: "ðə", in: "ɪn", movie: "mˈuvi",
};
const pronounce: Pronounce = (w) => lexicon[w]?.replace(/[ˈˌ]/g, "");
const phrases = ["do you have free wifi", "can I get a latte please", "do you have vegan options"];

describe("phonetic repair", () => {
  it("measures phoneme distance with cheap vowel, voicing and schwa edits", () => {
    expect(phonemeDistance([..."wIfIt"], [..."wIfI"])).toBe(1);
    expect(phonemeDistance([..."bəɡʌn"], [..."viɡən"])).toBe(1.5);
    expect(phonemeDistance([..."lɑt"], [..."lɑt"])).toBe(0);
  });

  it("offers the business's word where the heard words sound like it", () => {
    const repair = buildPhoneticRepair(pronounce, phrases);
    expect(repair.variants("do you have why fight").map((v) => v.text)).toContain("do you have wifi");
    expect(repair.variants("do you have begun options").map((v) => v.text)).toContain("do you have vegan options");
    expect(repair.variants("can i get a lot please").map((v) => v.text)).toContain("can i get a latte please");
  });

  it("leaves words that only look alike, and never produces everyday words", () => {
    const repair = buildPhoneticRepair(pronounce, phrases);
    // "a gun" is two edits from "vegan": too far for a word of five sounds.
    expect(repair.variants("i saw a gun in the movie").map((v) => v.text)).not.toContain("i saw vegan in the movie");
    expect(repair.variants("do you have free wifi")).toEqual([]);
    // A homophone is the recogniser's call: its own language model heard the context.
    expect(buildPhoneticRepair(pronounce, ["whether you like it"]).variants("the weather")).toEqual([]);
    // Function words of the phrases are not repair targets.
    expect(repair.variants("thanks a lot").some((v) => /\b(have|you|please)\b/.test(v.text))).toBe(false);
  });

  it("re-ranking picks a repair only when the business's phrases back it", async () => {
    const repair = buildPhoneticRepair(pronounce, phrases);
    const domainLm = buildDomainLm(phrases);
    const heard = async (hypotheses: Hypothesis[]) => {
      const api = {
        loadModel: async () => 1n as never,
        newRecognizer: async () => 2n as never,
        acceptWaveform: async () => false,
        partialResult: async () => "",
        result: async () => hypotheses,
        finalResult: async () => hypotheses,
        freeRecognizer: () => undefined,
      };
      const stt = createVoskStt({ modelDir: "m", library: "l", api: api as never, domainLm, repair });
      async function* audio() {
        yield { samples: new Int16Array(320).fill(100), sampleRate: 16000 };
      }
      let text = "";
      for await (const e of stt.transcribe(audio())) if (e.type === "final") text = e.text;
      return text;
    };
    expect(await heard([{ text: "do you have why fight", confidence: 115 }, { text: "do you have y fight", confidence: 113 }])).toBe("do you have wifi");
    expect(await heard([{ text: "thanks a lot", confidence: 120 }])).toBe("thanks a lot");
  });

  it.runIf(existsSync(resolve(".cache/hibari/lexicon_us_gold.json.gz")))("reads pronunciations from the voice's lexicon, Wi-Fi spellings included", () => {
    const real = loadLexiconPronouncer(resolve(".cache/hibari"));
    expect(real("wifi")).toBeDefined();
    expect(real("lattes")).toBeDefined();
    expect(real("xqzvv")).toBeUndefined();
    const repair = buildPhoneticRepair(real, phrases);
    expect(repair.variants("do you have why fight").map((v) => v.text)).toContain("do you have wifi");
  });
});
