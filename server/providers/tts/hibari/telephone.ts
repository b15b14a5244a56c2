/**
 * Shapes the voice for a telephone line before it is resampled: the phone
 * keeps only 300–3400 Hz, and what carries a word's consonants there (2–3.4
 * kHz) is quiet next to the vowels' low harmonics. A high-pass drops what the
 * line will drop anyway (the codec then spends its range on what is heard),
 * and a broad presence boost lifts the consonant band. Streaming: filter state
 * carries from block to block, so blocks can be any length.
 */

/** One second-order section (RBJ audio-EQ cookbook), transposed direct form II. */
class Biquad {
  private z1 = 0;
  private z2 = 0;

  private constructor(
    private readonly b0: number,
    private readonly b1: number,
    private readonly b2: number,
    private readonly a1: number,
    private readonly a2: number,
  ) {}

  static highPass(sampleRate: number, hz: number, q = Math.SQRT1_2): Biquad {
    const w = (2 * Math.PI * hz) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }

  static peak(sampleRate: number, hz: number, gainDb: number, q: number): Biquad {
    const a = 10 ** (gainDb / 40);
    const w = (2 * Math.PI * hz) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha / a;
    return new Biquad((1 + alpha * a) / a0, (-2 * cos) / a0, (1 - alpha * a) / a0, (-2 * cos) / a0, (1 - alpha / a) / a0);
  }

  process(x: number): number {
    const y = this.b0 * x + this.z1;
    this.z1 = this.b1 * x - this.a1 * y + this.z2;
    this.z2 = this.b2 * x - this.a2 * y;
    return y;
  }
}

export interface TelephoneShapeOptions {
  /** Corner of the high-pass, Hz. */
  readonly highPassHz?: number;
  /** Centre and gain of the presence boost. */
  readonly presenceHz?: number;
  readonly presenceDb?: number;
}

/** 16-bit PCM in, shaped 16-bit PCM out (same length), at the rate it was built for. */
export class TelephoneShaper {
  private readonly sections: Biquad[];

  constructor(sampleRate: number, options: TelephoneShapeOptions = {}) {
    this.sections = [
      Biquad.highPass(sampleRate, options.highPassHz ?? 250),
      Biquad.peak(sampleRate, options.presenceHz ?? 2600, options.presenceDb ?? 6, 0.9),
    ];
  }

  push(samples: Int16Array): Int16Array {
    const out = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      let v = samples[i] ?? 0;
      for (const section of this.sections) v = section.process(v);
      // A boost can push a peak past full scale: saturate softly above ~-3 dBFS rather than wrap or clip hard.
      const limit = 23_000;
      const magnitude = Math.abs(v);
      if (magnitude > limit) v = Math.sign(v) * (limit + (32_767 - limit) * Math.tanh((magnitude - limit) / (32_767 - limit)));
      out[i] = Math.round(v);
    }
    return out;
  }
}
