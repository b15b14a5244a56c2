import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { assertAssets } from "./assets";
import { vocode } from "./dsp";
import { toPcm16 } from "./engine";
import { FrontEnd } from "./frontend";
import { HibariModel } from "./model";
import { numpyNoise } from "./testing/synthetic-spectra";
import { testAssetsDir } from "./testing/assets-dir";

interface VoiceGolden {
  text: string;
  phonemes: string;
  frames: number;
  pcm16: string;
}

/** Python hibari's text → phonemes → hibari.onnx → dsp.py → 16-bit PCM, with formula noise (scripts/make-hibari-fixtures.ts). */
const golden = JSON.parse(readFileSync(join(import.meta.dirname, "testing", "voice-golden.json"), "utf8")) as VoiceGolden;

function formulaNoise(frames: number): Float32Array {
  const values = new Float32Array(601 * 2 * frames);
  for (let i = 0; i < values.length; i++) {
    const u1 = (((i * 2654435761 + 12345) % 4294967296) + 0.5) / 4294967296;
    const u2 = (((i * 40503 + 7) % 65536) + 0.5) / 65536;
    values[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return values;
}

describe("hibari voice end to end against Python", () => {
  let model: HibariModel;
  let frontEnd: FrontEnd;
  beforeAll(async () => {
    assertAssets(testAssetsDir);
    [model, frontEnd] = await Promise.all([HibariModel.load(testAssetsDir), FrontEnd.load(testAssetsDir)]);
  });

  it("makes the same phonemes, frames and 16-bit samples", async () => {
    const phonemes = await frontEnd.phonemize(golden.text);
    expect(phonemes).toBe(golden.phonemes);
    const spectra = await model.run(model.ids(phonemes));
    expect(spectra.f0.length).toBe(golden.frames);
    const blocks = [...vocode(spectra, numpyNoise(formulaNoise(golden.frames), golden.frames))].map(toPcm16);
    const ours = new Int16Array(blocks.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of blocks) {
      ours.set(b, at);
      at += b.length;
    }
    const bytes = Buffer.from(golden.pcm16, "base64");
    const theirs = new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
    expect(ours.length).toBe(theirs.length);
    let worst = 0;
    for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs((ours[i] ?? 0) - (theirs[i] ?? 0)));
    // float64 here, float32 there, and negligible terms skipped: at most a step or two of 65,536.
    expect(worst).toBeLessThanOrEqual(2);
  });
});
