import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOP, type Noise, vocode } from "./dsp";
import { Fft } from "./fft";
import { syntheticNoise, syntheticSpectra } from "./testing/synthetic-spectra";

const concat = (blocks: Float32Array[]) => {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
};

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] ?? NaN))), 0);

describe("FFT", () => {
  it("matches the DFT for n = 1200 and other 2·3·5-smooth sizes", () => {
    for (const n of [1200, 600, 60, 12, 5, 2]) {
      const fft = new Fft(n);
      const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + (i % 7) / 7);
      const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7));
      const [r0, i0] = [re.slice(), im.slice()];
      fft.forward(re, im);
      for (const k of [0, 1, Math.floor(n / 3), n - 1]) {
        let sr = 0, si = 0;
        for (let t = 0; t < n; t++) {
          const a = (-2 * Math.PI * k * t) / n;
          sr += (r0[t] ?? 0) * Math.cos(a) - (i0[t] ?? 0) * Math.sin(a);
          si += (r0[t] ?? 0) * Math.sin(a) + (i0[t] ?? 0) * Math.cos(a);
        }
        expect(Math.abs(sr - (re[k] ?? 0))).toBeLessThan(1e-9);
        expect(Math.abs(si - (im[k] ?? 0))).toBeLessThan(1e-9);
      }
    }
  });

  it("refuses sizes with other prime factors", () => {
    expect(() => new Fft(1201)).toThrow(/prime factors/);
  });
});

describe("vocoder", () => {
  // hibari/dsp.py's output for the same formula spectra and noise (scripts/make-hibari-fixtures.ts).
  const golden = (() => {
    const bytes = readFileSync(join(import.meta.dirname, "testing", "dsp-golden.f32"));
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  })();
  const frames = golden.length / HOP;

  it("reproduces hibari's Python DSP (golden waveform)", () => {
    const out = concat([...vocode(syntheticSpectra(frames), syntheticNoise(frames))]);
    expect(out.length).toBe(golden.length);
    expect(maxDiff(out, golden)).toBeLessThan(1e-5);
  });

  it("gives the same samples whatever the block sizes", () => {
    const whole = concat([...vocode(syntheticSpectra(frames), syntheticNoise(frames), { firstBlockFrames: 1000 })]);
    const blocks = [...vocode(syntheticSpectra(frames), syntheticNoise(frames), { firstBlockFrames: 4, blockFrames: 6 })];
    expect(blocks.length).toBeGreaterThan(5);
    expect(maxDiff(concat(blocks), whole)).toBe(0);
  });

  it("hands out the first block after a fraction of the frames", () => {
    const asked: number[] = [];
    const noise = syntheticNoise(frames);
    const spy: Noise = { frame: (f) => (asked.push(f), noise.frame(f)) };
    const first = vocode(syntheticSpectra(frames), spy, { firstBlockFrames: 8, blockFrames: 10 }).next();
    expect(first.value?.length).toBe(8 * HOP);
    expect(Math.max(...asked)).toBe(9); // frames 0–9: the last output frame needs two frames of look-ahead
  });
});
