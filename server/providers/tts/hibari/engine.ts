import { splitSentences } from "../../../core/dialogue/sentences";
import { normalizeForSpeech } from "../../../voice/speech-normalize";
import { assertAssets } from "./assets";
import { type Noise, SAMPLE_RATE, vocode } from "./dsp";
import { FrontEnd } from "./frontend";
import { HibariModel } from "./model";
import { TableNoise } from "./noise";
import { SilenceTrimmer } from "./trim";

/** The model sees at most this many phonemes at once; longer sentences are cut at clause punctuation (hibari's MAX_PHONEMES). */
export const MAX_PHONEMES = 400;
/**
 * The first model input of a text is cut shorter, at the clause punctuation
 * that keeps it under this: the model's time grows with its input (≈ 30 ms
 * for 100 phonemes, 6 s of speech; ≈ 80 ms for 200 here), and nothing can
 * be heard before it has run. Later inputs are made while the first plays.
 */
export const FIRST_CHUNK_PHONEMES = 100;
const CLAUSE = /(?<=[,;:—])\s+/u;

export interface EngineOptions {
  /** onnxruntime intra-op threads; one is plenty (the model runs ~100× real time). */
  readonly threads?: number;
  readonly firstBlockFrames?: number;
  readonly blockFrames?: number;
  /** Fixes the noise, for reproducible output in tests. */
  readonly seed?: number;
  /** Keep hibari's ~0.3 s of leading and ~0.5 s of trailing silence (default: trimmed to 20 / 200 ms). */
  readonly keepSilence?: boolean;
}

export interface SynthesisOptions {
  /** 1 is the voice's own pace; 0.5 slow … 2 fast. */
  readonly speed?: number;
  /** Polled between blocks: true stops the synthesis before the next one. */
  readonly cancelled?: () => boolean;
}

/**
 * A sentence's model inputs: clauses packed back together, the first up to
 * `first` phonemes, the rest up to MAX_PHONEMES (hibari's own cut). A clause
 * longer than the limit stays whole: there is nowhere to cut it.
 */
export function clauseChunks(phonemes: string, first = MAX_PHONEMES): string[] {
  if (phonemes.length <= first) return phonemes ? [phonemes] : [];
  const chunks: string[] = [];
  let current = "";
  let limit = first;
  for (const part of phonemes.split(CLAUSE)) {
    if (current && current.length + part.length + 1 > limit) {
      chunks.push(current);
      current = part;
      limit = MAX_PHONEMES;
    } else current = current ? `${current} ${part}` : part;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** 16-bit PCM by truncation, as numpy's astype does (rounding differs audibly only in near-silence, but parity is cheap). */
export function toPcm16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i] ?? 0;
    out[i] = Math.trunc((v > 1 ? 1 : v < -1 ? -1 : v) * 32767);
  }
  return out;
}

/**
 * Text → 24 kHz 16-bit PCM blocks, in the thread that owns it (the TTS
 * worker): sentences, normalised and phonemized one at a time, each run
 * through the model and then the vocoder, whose blocks are yielded as they
 * are ready.
 */
export class HibariEngine {
  static readonly sampleRate = SAMPLE_RATE;

  private constructor(
    private readonly frontEnd: FrontEnd,
    private readonly model: HibariModel,
    private readonly noise: Noise,
    private readonly options: EngineOptions,
  ) {}

  static async load(dir: string, options: EngineOptions = {}): Promise<HibariEngine> {
    assertAssets(dir);
    const [frontEnd, model] = await Promise.all([FrontEnd.load(dir), HibariModel.load(dir, options.threads ?? 1)]);
    return new HibariEngine(frontEnd, model, new TableNoise(options.seed), options);
  }

  /** The model's input chunks for a text, in order. */
  async phonemeChunks(text: string): Promise<string[]> {
    const chunks: string[] = [];
    for (const sentence of splitSentences(text.replace(/\s+/g, " ").trim())) {
      chunks.push(...clauseChunks(await this.frontEnd.phonemizeNormalized(normalizeForSpeech(sentence)), chunks.length === 0 ? FIRST_CHUNK_PHONEMES : MAX_PHONEMES));
    }
    return chunks;
  }

  async *synthesize(text: string, options: SynthesisOptions = {}): AsyncGenerator<Int16Array> {
    const cancelled = options.cancelled ?? (() => false);
    let first = true;
    for (const sentence of splitSentences(text.replace(/\s+/g, " ").trim())) {
      if (cancelled()) return;
      const phonemes = await this.frontEnd.phonemizeNormalized(normalizeForSpeech(sentence));
      const chunks = clauseChunks(phonemes, first ? FIRST_CHUNK_PHONEMES : MAX_PHONEMES);
      if (chunks.length > 0) first = false;
      for (const chunk of chunks) {
        if (cancelled()) return;
        yield* this.speak(chunk, options.speed ?? 1, cancelled);
      }
    }
  }

  /** One model input's audio, block by block. */
  async *speak(phonemes: string, speed: number, cancelled: () => boolean = () => false): AsyncGenerator<Int16Array> {
    const ids = this.model.ids(phonemes);
    if (ids.length < 3) return;
    const spectra = await this.model.run(ids, speed);
    const trimmer = this.options.keepSilence ? undefined : new SilenceTrimmer({ sampleRate: SAMPLE_RATE });
    for (const block of vocode(spectra, this.noise, this.options)) {
      if (cancelled()) return;
      const pcm = toPcm16(block);
      const out = trimmer ? trimmer.push(pcm) : pcm;
      if (out.length > 0) yield out;
    }
    const tail = trimmer?.end();
    if (tail && tail.length > 0) yield tail;
  }

  async release(): Promise<void> {
    await this.model.release();
  }
}
