import { describe, expect, it } from "vitest";
import { TelephoneShaper } from "./telephone";

const RATE = 24000;

function tone(hz: number, amplitude: number, seconds = 0.5): Int16Array {
  return Int16Array.from({ length: RATE * seconds }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / RATE)));
}

/** RMS of the second half (the filters have settled). */
function level(samples: Int16Array): number {
  const tail = samples.subarray(samples.length / 2);
  return Math.sqrt(tail.reduce((sum, v) => sum + v * v, 0) / tail.length);
}

const gainDb = (hz: number) => 20 * Math.log10(level(new TelephoneShaper(RATE).push(tone(hz, 3000))) / level(tone(hz, 3000)));

describe("telephone shaping", () => {
  it("drops what the line drops and lifts the consonant band", () => {
    expect(gainDb(80)).toBeLessThan(-10);
    expect(Math.abs(gainDb(700))).toBeLessThan(2);
    expect(gainDb(2600)).toBeGreaterThan(5);
    expect(gainDb(2600)).toBeLessThan(7);
  });

  it("gives the same samples whatever the block sizes", () => {
    const input = tone(440, 8000);
    const whole = new TelephoneShaper(RATE).push(input);
    const shaper = new TelephoneShaper(RATE);
    const pieces = [0, 17, 480, 4000, input.length].slice(1).map((end, i, ends) => shaper.push(input.subarray(i === 0 ? 0 : (ends[i - 1] as number), end)));
    expect(Int16Array.from(pieces.flatMap((p) => Array.from(p)))).toEqual(whole);
  });

  it("saturates a boosted full-scale peak instead of wrapping around", () => {
    const out = new TelephoneShaper(RATE).push(tone(2600, 32_000));
    const settled = out.subarray(out.length / 2);
    expect(Math.max(...settled)).toBeLessThanOrEqual(32_767);
    expect(Math.max(...settled)).toBeGreaterThan(28_000);
    expect(Math.min(...settled)).toBeLessThan(-28_000);
  });
});
