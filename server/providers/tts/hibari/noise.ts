import { BINS, type Noise } from "./dsp";

const TABLE_BITS = 17;
const TABLE_SIZE = 1 << TABLE_BITS;
const FRAME_VALUES = 2 * BINS;

/**
 * Standard-normal noise for the vocoder's noise branch, cheap enough to leave
 * out of the profile: one table of 131,072 Gaussian values drawn once, and
 * each frame reads 1,202 of them from a random offset. Frames get unrelated
 * windows, and a bin's value in one frame says nothing about the next, which
 * is all the shaped-noise branch needs (Python draws fresh numbers instead;
 * the level and spectrum are the same, which is what is heard).
 */
export class TableNoise implements Noise {
  private readonly table = new Float32Array(TABLE_SIZE + FRAME_VALUES);
  private readonly uniform: () => number;

  constructor(seed = (Math.random() * 2 ** 32) >>> 0) {
    this.uniform = mulberry32(seed);
    for (let i = 0; i < TABLE_SIZE; i += 2) {
      // Box–Muller: two independent normals from two uniforms.
      const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
      const a = 2 * Math.PI * this.uniform();
      this.table[i] = r * Math.cos(a);
      this.table[i + 1] = r * Math.sin(a);
    }
    this.table.copyWithin(TABLE_SIZE, 0, FRAME_VALUES);
  }

  frame(): Float32Array {
    const offset = Math.floor(this.uniform() * TABLE_SIZE);
    return this.table.subarray(offset, offset + FRAME_VALUES);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
