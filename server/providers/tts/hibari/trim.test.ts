import { describe, expect, it } from "vitest";
import { clauseChunks, FIRST_CHUNK_PHONEMES, MAX_PHONEMES, toPcm16 } from "./engine";
import { SilenceTrimmer } from "./trim";

const RATE = 1000; // 10-sample windows keep the arithmetic readable
const tone = (n: number) => Int16Array.from({ length: n }, (_, i) => (i % 2 ? 1000 : -1000));
const zeros = (n: number) => new Int16Array(n);
const join = (...parts: Int16Array[]) => {
  const out = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

function trimmed(blocks: Int16Array[], options = {}): Int16Array {
  const trimmer = new SilenceTrimmer({ sampleRate: RATE, ...options });
  return join(...blocks.map((b) => trimmer.push(b)), trimmer.end());
}

describe("silence trimming", () => {
  it("keeps 40 ms before the first sound and 200 ms after the last, across block boundaries", () => {
    const out = trimmed([zeros(250), zeros(55), tone(100), zeros(120), tone(30), zeros(500)]);
    // 10-sample windows: sound from the window at 300 (it holds the tone's first 5 samples) to the one at 550;
    // 40 samples of lead before it, 200 of tail after it.
    expect(out.length).toBe(40 + (560 - 300) + 200);
    expect(Array.from(out.subarray(0, 40)).every((v) => v === 0)).toBe(true);
  });

  it("lets pauses inside the speech through whole", () => {
    const out = trimmed([tone(50), zeros(300), tone(50)]);
    expect(out.length).toBe(50 + 300 + 50);
  });

  it("drops a text that is all silence", () => {
    expect(trimmed([zeros(1000)]).length).toBe(0);
  });
});

describe("model inputs", () => {
  it("cuts the first input of a long sentence at clause punctuation, later ones at hibari's limit", () => {
    const clause = "a".repeat(60) + ",";
    const sentence = Array(8).fill(clause).join(" ");
    const chunks = clauseChunks(sentence, FIRST_CHUNK_PHONEMES);
    expect(chunks[0]?.length).toBeLessThanOrEqual(FIRST_CHUNK_PHONEMES);
    expect(chunks.slice(1).every((c) => c.length <= MAX_PHONEMES)).toBe(true);
    expect(chunks.join(" ")).toBe(sentence);
    expect(clauseChunks("short one.", FIRST_CHUNK_PHONEMES)).toEqual(["short one."]);
    expect(clauseChunks("")).toEqual([]);
    // Nowhere to cut: the clause stays whole.
    expect(clauseChunks("b".repeat(150), FIRST_CHUNK_PHONEMES)).toHaveLength(1);
  });

  it("writes 16-bit PCM by truncation, clipped, as numpy's astype does", () => {
    expect(Array.from(toPcm16(Float32Array.of(0.5, -0.5, 2, -2, 0.99999)))).toEqual([16383, -16383, 32767, -32767, 32766]);
  });
});
