import { Fft } from "./fft";

/**
 * hibari's vocoder (hibari/dsp.py), streaming: the network predicts, per
 * 12.5 ms frame, a harmonic filter (lh, θ), a noise level (ln) and a
 * free-phase part (lr, φ) on 601 bins, plus f0. The spectrum
 *
 *   S = e^lh · e^{iπ·tanh θ} · STFT(pulses(f0)) + e^ln · Z + e^lr · e^{iφ}
 *
 * goes through one inverse STFT (n_fft 1200, hop 300, periodic Hann,
 * center=True). Here it is computed a block of frames at a time, and each
 * block of samples is handed out as soon as no later frame can change it,
 * so the first audio of a sentence leaves after a fraction of its DSP.
 *
 * Differences from the Python, all below one 16-bit step: float64 instead of
 * float32, and terms whose magnitude is under e^−11 (≈ 1.7e−5 of full scale,
 * far under the quantisation step after the 1/1200 of the inverse FFT) are
 * not computed: a third of the noise terms in speech.
 */
export const N_FFT = 1200;
export const HOP = 300;
export const SAMPLE_RATE = 24000;
export const BINS = N_FFT / 2 + 1;
const HALF = N_FFT / 2;
const HALF_HOP = HOP / 2;
/** Terms with a log-magnitude under this are skipped (see above). */
const NEGLIGIBLE_LOG = -11;
const LOG_CAP = 7;

/** The network's outputs for one utterance: five [BINS, frames] bin-major arrays and f0 [frames]. */
export interface Spectra {
  readonly lh: Float32Array;
  readonly theta: Float32Array;
  readonly ln: Float32Array;
  readonly lr: Float32Array;
  readonly phi: Float32Array;
  readonly f0: Float32Array;
}

/** Complex standard-normal noise for one frame: re/im of bin k at [2k], [2k + 1]. */
export interface Noise {
  frame(index: number): Float32Array;
}

const WIN = new Float64Array(N_FFT);
const WIN_SRC = new Float64Array(N_FFT);
for (let i = 0; i < N_FFT; i++) {
  WIN[i] = Math.fround(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N_FFT));
  // A unit cosine peaks at sum(win)/2 in the STFT, so e^lh is the harmonic's magnitude.
  WIN_SRC[i] = (WIN[i] ?? 0) / (N_FFT / 4);
}
/** Σ win² over the four frames that cover a sample away from the ends, by position within the hop. */
const WIN2_SUM_INTERIOR = new Float64Array(HOP);
for (let i = 0; i < HOP; i++) {
  for (let k = 0; k < N_FFT / HOP; k++) WIN2_SUM_INTERIOR[i] = (WIN2_SUM_INTERIOR[i] ?? 0) + (WIN[k * HOP + i] ?? 0) ** 2;
}

/** Linear interpolation of f0 between frame centres (align_corners=False), as float32 like numpy. */
const INTERP_U = new Float64Array(HOP);
const INTERP_V = new Float64Array(HOP);
for (let j = 0; j < HOP; j++) {
  const u = Math.fround(((((j + 0.5) / HOP - 0.5) % 1) + 1) % 1);
  INTERP_U[j] = u;
  INTERP_V[j] = Math.fround(1 - u);
}

/**
 * The band-limited pulse train (every harmonic of f0 below 11 kHz at unit
 * amplitude; 0 where unvoiced), computed frame by frame as the STFT needs it.
 */
class PulseTrain {
  readonly samples: Float64Array;
  private done = 0;
  private phase = 0;

  constructor(private readonly f0: Float32Array) {
    this.samples = new Float64Array(f0.length * HOP);
  }

  /** Makes sure samples [0, n) exist. */
  ensure(n: number): void {
    const f32 = Math.fround;
    const frames = this.f0.length;
    const needFrames = Math.min(frames, Math.ceil(n / HOP));
    const out = this.samples;
    for (let k = this.done; k < needFrames; k++) {
      const prev = this.f0[Math.max(k - 1, 0)] ?? 0;
      const cur = this.f0[k] ?? 0;
      const next = this.f0[Math.min(k + 1, frames - 1)] ?? 0;
      for (let j = 0; j < HOP; j++) {
        const u = INTERP_U[j] ?? 0;
        const v = INTERP_V[j] ?? 0;
        let f = j < HALF_HOP ? f32(f32(prev * v) + f32(cur * u)) : f32(f32(cur * v) + f32(next * u));
        const voiced = f > 40;
        if (f < 40) f = 40;
        this.phase += f; // float64 cumulative sum, as np.cumsum(dtype=float64)
        if (!voiced) {
          out[k * HOP + j] = 0;
          continue;
        }
        let t = this.phase * (1 / SAMPLE_RATE);
        t -= Math.trunc(t);
        const tt = f32(t * 2 * Math.PI);
        const harmonics = f32(Math.floor(f32(11000 / f)) + 0.5);
        const s = f32(2 * f32(Math.sin(f32(tt * 0.5))));
        // sin((H+½)t) / (2 sin(t/2)) tends to H+½ where sin(t/2) vanishes.
        const e = Math.abs(s) <= 2e-3 ? harmonics : f32(f32(Math.sin(f32(harmonics * tt))) / s);
        out[k * HOP + j] = f32(e - 0.5);
      }
    }
    this.done = Math.max(this.done, needFrames);
  }
}

/** Samples of the whole utterance, in blocks as they become final. */
export interface VocoderOptions {
  /** Frames (12.5 ms) in the first block: small, so the first audio leaves early. */
  readonly firstBlockFrames?: number;
  /** Frames in each later block (40 ≈ 0.5 s). */
  readonly blockFrames?: number;
}

/**
 * Float32 samples at 24 kHz, block by block. A generator: the caller decides
 * when to compute the next block (and stops by not asking).
 */
export function* vocode(spectra: Spectra, noise: Noise, options: VocoderOptions = {}): Generator<Float32Array> {
  const frames = spectra.f0.length;
  if (frames === 0) return;
  const firstBlock = evenAtLeast2(options.firstBlockFrames ?? 16);
  const block = evenAtLeast2(options.blockFrames ?? 40);
  const total = frames * HOP;
  const pulses = new PulseTrain(spectra.f0);
  const fft = new Fft(N_FFT);
  const re = new Float64Array(N_FFT);
  const im = new Float64Array(N_FFT);
  // Overlap-add accumulator, indexed like torch.istft's padded signal: y[f·HOP + i] += frame_f[i]·win[i].
  const y = new Float64Array(total + N_FFT);
  // Spectra of the frames in the current chunk, frame-major [frame - start][bin].
  const harmRe = new Float64Array(block * BINS);
  const harmIm = new Float64Array(block * BINS);
  const specRe = new Float64Array(block * BINS);
  const specIm = new Float64Array(block * BINS);

  let processed = 0; // spectral frames done
  let emitted = 0; // output samples handed out
  let target = firstBlock; // output frames the next block ends at
  while (emitted < total) {
    // Output frame b is final once spectral frames ≤ b + 2 are in (the window spans 4 hops).
    const needed = Math.min(frames, target + 2);
    while (processed < needed) {
      const start = processed;
      const end = Math.min(frames, start + block, Math.max(needed, start + 2));
      harmonicSpectra(pulses, start, end, frames, fft, re, im, harmRe, harmIm);
      combine(spectra, noise, start, end, frames, harmRe, harmIm, specRe, specIm);
      overlapAdd(start, end, fft, re, im, specRe, specIm, y);
      processed = end;
    }
    const until = processed === frames ? total : Math.min(total, (processed - 2) * HOP);
    if (until > emitted) {
      const out = new Float32Array(until - emitted);
      for (let o = emitted; o < until; o++) out[o - emitted] = (y[o + HALF] ?? 0) / windowSum(o + HALF, frames);
      emitted = until;
      yield out;
    }
    target = Math.min(frames, Math.max(target + block, processed - 2 + block));
  }
}

function evenAtLeast2(n: number): number {
  return Math.max(2, Math.ceil(n / 2) * 2);
}

/** Σ win² over the frames covering padded position j: constant inside, tapered at the ends. */
function windowSum(j: number, frames: number): number {
  const first = Math.max(0, Math.ceil((j - N_FFT + 1) / HOP));
  const last = Math.min(frames - 1, Math.floor(j / HOP));
  if (last - first === 3) return WIN2_SUM_INTERIOR[j % HOP] ?? 1.5;
  let sum = 0;
  for (let f = first; f <= last; f++) sum += (WIN[j - f * HOP] ?? 0) ** 2;
  return Math.max(sum, 1e-11);
}

/** STFT of the (reflect-padded) pulse train, two real frames per complex FFT; unvoiced windows skip the FFT. */
function harmonicSpectra(
  pulses: PulseTrain, start: number, end: number, frames: number, fft: Fft,
  re: Float64Array, im: Float64Array, outRe: Float64Array, outIm: Float64Array,
): void {
  const n = frames * HOP;
  pulses.ensure(Math.min(n, end * HOP + HALF));
  if (end === frames) pulses.ensure(n);
  const x = pulses.samples;
  const at = (i: number) => {
    let j = i - HALF;
    if (j < 0) j = -j;
    if (j >= n) j = 2 * (n - 1) - j;
    return x[j] ?? 0;
  };
  for (let fr = start; fr < end; fr += 2) {
    const two = fr + 1 < end;
    let any = false;
    for (let i = 0; i < N_FFT; i++) {
      const a = at(fr * HOP + i);
      const b = two ? at((fr + 1) * HOP + i) : 0;
      const w = WIN_SRC[i] ?? 0;
      re[i] = a * w;
      im[i] = b * w;
      if (a !== 0 || b !== 0) any = true;
    }
    const base = (fr - start) * BINS;
    if (!any) {
      outRe.fill(0, base, base + (two ? 2 : 1) * BINS);
      outIm.fill(0, base, base + (two ? 2 : 1) * BINS);
      continue;
    }
    fft.forward(re, im);
    for (let k = 0; k < BINS; k++) {
      const k2 = (N_FFT - k) % N_FFT;
      const zr = re[k] ?? 0, zi = im[k] ?? 0, cr = re[k2] ?? 0, ci = -(im[k2] ?? 0); // Z[k], conj(Z[N−k])
      outRe[base + k] = 0.5 * (zr + cr);
      outIm[base + k] = 0.5 * (zi + ci);
      if (two) {
        outRe[base + BINS + k] = 0.5 * (zi - ci);
        outIm[base + BINS + k] = -0.5 * (zr - cr);
      }
    }
  }
}

/** The three branches for frames [start, end), reading the network's bin-major rows sequentially. */
function combine(
  s: Spectra, noise: Noise, start: number, end: number, frames: number,
  harmRe: Float64Array, harmIm: Float64Array, specRe: Float64Array, specIm: Float64Array,
): void {
  const { lh, theta, ln, lr, phi } = s;
  const z: Float32Array[] = [];
  for (let f = start; f < end; f++) z.push(noise.frame(f));
  for (let k = 0; k < BINS; k++) {
    const row = k * frames;
    for (let f = start; f < end; f++) {
      const i = row + f;
      const o = (f - start) * BINS + k;
      let outR = 0, outI = 0;
      const h = lh[i] ?? 0;
      if (h > NEGLIGIBLE_LOG) {
        const hr = harmRe[o] ?? 0, hi = harmIm[o] ?? 0;
        if (hr !== 0 || hi !== 0) {
          const m = Math.exp(h < LOG_CAP ? h : LOG_CAP);
          const a = Math.PI * Math.tanh(theta[i] ?? 0);
          const rr = m * Math.cos(a), ri = m * Math.sin(a);
          outR = hr * rr - hi * ri;
          outI = hr * ri + hi * rr;
        }
      }
      const nl = ln[i] ?? 0;
      if (nl > NEGLIGIBLE_LOG) {
        const m = Math.exp(nl < LOG_CAP ? nl : LOG_CAP);
        const zf = z[f - start] as Float32Array;
        outR += (zf[2 * k] ?? 0) * m;
        outI += (zf[2 * k + 1] ?? 0) * m;
      }
      const fl = lr[i] ?? 0;
      if (fl > NEGLIGIBLE_LOG) {
        const m = Math.exp(fl < LOG_CAP ? fl : LOG_CAP);
        const p = phi[i] ?? 0;
        outR += m * Math.cos(p);
        outI += m * Math.sin(p);
      }
      specRe[o] = outR;
      specIm[o] = outI;
    }
  }
}

/** irfft of each frame (two per complex FFT; the imaginary DC and Nyquist parts are ignored, as irfft does), windowed into y. */
function overlapAdd(
  start: number, end: number, fft: Fft, re: Float64Array, im: Float64Array,
  specRe: Float64Array, specIm: Float64Array, y: Float64Array,
): void {
  for (let fr = start; fr < end; fr += 2) {
    const two = fr + 1 < end;
    const a = (fr - start) * BINS;
    const b = a + BINS;
    // Z = A + iB over the Hermitian-extended spectra; x = conj(FFT(conj(Z))) / N gives A's frame in the real part, B's in the imaginary.
    for (let k = 0; k < BINS; k++) {
      const edge = k === 0 || k === HALF;
      const ar = specRe[a + k] ?? 0, ai = edge ? 0 : (specIm[a + k] ?? 0);
      const br = two ? (specRe[b + k] ?? 0) : 0, bi = two && !edge ? (specIm[b + k] ?? 0) : 0;
      re[k] = ar - bi;
      im[k] = -(ai + br);
      if (!edge) {
        re[N_FFT - k] = ar + bi;
        im[N_FFT - k] = ai - br;
      }
    }
    fft.forward(re, im);
    const baseA = fr * HOP;
    for (let i = 0; i < N_FFT; i++) y[baseA + i] = (y[baseA + i] ?? 0) + ((re[i] ?? 0) / N_FFT) * (WIN[i] ?? 0);
    if (two) {
      const baseB = baseA + HOP;
      for (let i = 0; i < N_FFT; i++) y[baseB + i] = (y[baseB + i] ?? 0) - ((im[i] ?? 0) / N_FFT) * (WIN[i] ?? 0);
    }
  }
}
