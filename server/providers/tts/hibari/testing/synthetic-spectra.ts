import { BINS, type Noise, type Spectra } from "../dsp";

/**
 * Deterministic vocoder inputs written as formulas, so the Python reference
 * (scripts/make-hibari-fixtures.ts evaluates the same formulas with numpy)
 * and this code see the same spectra and noise without shipping them: a
 * voiced stretch between unvoiced edges, log-magnitudes crossing the
 * skipped-term threshold, all three branches active.
 */
export function syntheticSpectra(frames: number): Spectra {
  const n = BINS * frames;
  const lh = new Float32Array(n), theta = new Float32Array(n), ln = new Float32Array(n), lr = new Float32Array(n), phi = new Float32Array(n);
  for (let k = 0; k < BINS; k++) {
    for (let f = 0; f < frames; f++) {
      const i = k * frames + f;
      lh[i] = 6 * Math.sin(0.37 * k + 0.11 * f) - 6;
      theta[i] = 3 * Math.sin(0.23 * k - 0.05 * f);
      ln[i] = 8 * Math.cos(0.071 * k + 0.19 * f) - 10;
      lr[i] = 5 * Math.sin(0.0005 * k * f + 0.3 * f) - 8;
      phi[i] = 4 * Math.sin(0.29 * k + 0.41 * f);
    }
  }
  const f0 = new Float32Array(frames);
  for (let f = 3; f < frames - 5; f++) f0[f] = 120 + 40 * Math.sin(0.2 * f);
  return { lh, theta, ln, lr, phi, f0 };
}

/** Box–Muller over two integer hashes: z[i] for the numpy layout [bins, 2 * frames]. */
export function syntheticNoise(frames: number): Noise {
  const values = new Float32Array(BINS * 2 * frames);
  for (let i = 0; i < values.length; i++) {
    const u1 = (((i * 2654435761 + 12345) % 4294967296) + 0.5) / 4294967296;
    const u2 = (((i * 40503 + 7) % 65536) + 0.5) / 65536;
    values[i] = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  return numpyNoise(values, frames);
}

/** Noise given in numpy's layout ([bins, 2 * frames] float32 viewed as complex64). */
export function numpyNoise(values: Float32Array, frames: number): Noise {
  return {
    frame(f: number): Float32Array {
      const out = new Float32Array(2 * BINS);
      for (let k = 0; k < BINS; k++) {
        out[2 * k] = values[k * 2 * frames + 2 * f] ?? 0;
        out[2 * k + 1] = values[k * 2 * frames + 2 * f + 1] ?? 0;
      }
      return out;
    },
  };
}
