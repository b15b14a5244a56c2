import { AudioFrame, AudioResampler, AudioResamplerQuality } from "@livekit/rtc-node";
import type { PcmFrame, StreamOptions, TextToSpeech } from "../../core/ports";
import { hibariPool } from "./hibari/pool";
import { SAMPLE_RATE as HIBARI_RATE } from "./hibari/dsp";
import { TelephoneShaper, type TelephoneShapeOptions } from "./hibari/telephone";
import { FrameChunker, isSpeakable } from "./pcm";

export interface HibariTtsOptions {
  /** Folder with the voice's assets (HIBARI_ASSETS_DIR, default .cache/hibari). */
  readonly assetsDir: string;
  /** Rate the channel plays: the pipeline's 16 kHz (LiveKit's room adapter and the SIP bridge take it from there). */
  readonly sampleRate?: number;
  /** 1 is the voice's own pace. */
  readonly speed?: number;
  /** Synthesis threads (a worker process running many calls uses several); 1 by default. */
  readonly threads?: number;
  /** Shape the voice for a telephone line (high-pass, presence boost) before it is resampled. */
  readonly telephone?: boolean | TelephoneShapeOptions;
}

/**
 * The offline voice: hibari-tts's "heart" (a 6 M-parameter int8 model
 * distilled from Kokoro-82M af_heart), run from TypeScript in a worker
 * thread, so synthesis never blocks the job's event loop. Each sentence's
 * audio arrives in blocks as the vocoder finishes them, is resampled from
 * 24 kHz to the channel's rate by LiveKit's soxr resampler and cut into
 * 20 ms frames. An abort (barge-in) stops the worker at its next block.
 */
export function createHibariTts(options: HibariTtsOptions): TextToSpeech {
  const sampleRate = options.sampleRate ?? 16000;
  const worker = hibariPool(options.assetsDir, options.threads ?? 1);
  return {
    name: "hibari-heart",
    sampleRate,
    async *synthesize(text: string, { signal }: StreamOptions = {}): AsyncIterable<PcmFrame> {
      if (!isSpeakable(text) || signal?.aborted) return;
      const chunker = new FrameChunker(sampleRate);
      // MEDIUM: a proper low-pass before decimating; it holds back a few ms of audio, not of wall time.
      const resampler = sampleRate === HIBARI_RATE ? undefined : new AudioResampler(HIBARI_RATE, sampleRate, 1, AudioResamplerQuality.MEDIUM);
      const shaper = options.telephone ? new TelephoneShaper(HIBARI_RATE, options.telephone === true ? {} : options.telephone) : undefined;
      const framesOf = function* (block: Int16Array): Iterable<PcmFrame> {
        const samples = shaper ? shaper.push(block) : block;
        const pieces = resampler ? resampler.push(new AudioFrame(samples, HIBARI_RATE, 1, samples.length)).map((f) => f.data.subarray(0, f.samplesPerChannel)) : [samples];
        for (const piece of pieces) yield* chunker.push(piece);
      };
      try {
        for await (const block of worker.synthesize(text, { signal, speed: options.speed })) {
          for (const frame of framesOf(block)) {
            if (signal?.aborted) return;
            yield frame;
          }
        }
        if (signal?.aborted) return;
        if (resampler) for (const piece of resampler.flush()) yield* chunker.push(piece.data.subarray(0, piece.samplesPerChannel));
        yield* chunker.flush();
      } finally {
        resampler?.close();
      }
    },
  };
}

/** Starts the worker and loads the voice ahead of the first call (the job's prewarm); resolves with the load time in ms. */
export function preloadHibari(assetsDir: string, threads = 1): Promise<number> {
  return hibariPool(assetsDir, threads).start();
}
