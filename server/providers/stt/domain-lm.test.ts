import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../business-profile";
import { chunkFrames, readWav } from "../../voice/audio";
import { buildArpa, tokenizeForLm } from "./domain-lm";
import { createPocketsphinxStt } from "./local";
import { writeDomainLm } from "./write-domain-lm";

describe("domain language model", () => {
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

  it("loads into pocketsphinx interpolated with the general model and decodes the domain question", async () => {
    const path = writeDomainLm(loadBusinessProfile(), {
      knowledgeDir: join(process.cwd(), "knowledge"),
      dictPath: "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
    });
    expect(path?.startsWith(tmpdir())).toBe(true);
    const stt = createPocketsphinxStt({ domainLmPath: path, domainWeight: 0.3 });
    async function* frames() {
      for (const f of chunkFrames(readWav(readFileSync("e2e/fixtures/opening-hours.wav")), 20)) yield f;
    }
    let text = "";
    for await (const e of stt.transcribe(frames())) if (e.type === "final") text = e.text;
    expect(text).toBe("what are your opening hours");
  });
});
