import { AudioFrame, AudioResampler, AudioResamplerQuality } from "@livekit/rtc-node";
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from "openai";
import { AppError } from "../../core/errors";
import type { PcmFrame, StreamOptions, TextToSpeech } from "../../core/ports";
import { fromStatus, readAudioBody } from "./http-audio";
import { FrameChunker, isSpeakable, Pcm16Decoder } from "./pcm";

export interface OpenAiTtsOptions {
  readonly apiKey: string;
  /** Any endpoint speaking `POST /audio/speech`, e.g. `http://host/v1`. */
  readonly baseURL?: string;
  readonly model?: string;
  readonly voice?: string;
  /** Longest silence from the server (before headers, between chunks) before giving up. */
  readonly timeoutMs?: number;
}

/** OpenAI's `pcm` format is fixed: 24 kHz, 16-bit, mono, little-endian. */
const OPENAI_PCM_RATE = 24000;
/** What the pipeline's channel plays. */
const SAMPLE_RATE = 16000;

/**
 * OpenAI streaming speech (`audio.speech.create`, `response_format: "pcm"`).
 * The body is read as it arrives and resampled 24 → 16 kHz with LiveKit's
 * soxr resampler. LOW quality still low-passes properly before decimating
 * (QUICK aliases) and holds back ~30 ms of audio, against ~40 ms for MEDIUM.
 */
export function createOpenAiTts(options: OpenAiTtsOptions): TextToSpeech {
  const model = options.model ?? "gpt-4o-mini-tts";
  const voice = options.voice ?? "coral";
  const timeoutMs = options.timeoutMs ?? 4000;
  const name = `openai:${model}:${voice}`;
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: timeoutMs,
    // Retrying is the failover's job.
    maxRetries: 0,
    logLevel: "off",
  });

  return {
    name,
    sampleRate: SAMPLE_RATE,
    async *synthesize(text: string, { signal }: StreamOptions = {}): AsyncIterable<PcmFrame> {
      const input = text.trim();
      if (!isSpeakable(input) || signal?.aborted) return;
      const decoder = new Pcm16Decoder();
      const chunker = new FrameChunker(SAMPLE_RATE);
      const resampler = new AudioResampler(OPENAI_PCM_RATE, SAMPLE_RATE, 1, AudioResamplerQuality.LOW);
      try {
        const body = readAudioBody({
          signal,
          timeoutMs,
          open: async (requestSignal) => {
            const response = await client.audio.speech.create(
              { model, voice, input, response_format: "pcm" },
              { signal: requestSignal },
            );
            return response.body;
          },
          toAppError: (error, timedOut) => toAppError(error, name, timedOut),
        });
        // A barge-in stops the audio at the next frame, not at the end of a chunk.
        const framesOf = function* (resampled: AudioFrame[]): Iterable<PcmFrame> {
          for (const piece of resampled) {
            for (const frame of chunker.push(piece.data.subarray(0, piece.samplesPerChannel))) {
              if (signal?.aborted) return;
              yield frame;
            }
          }
        };
        for await (const bytes of body) {
          const samples = decoder.decode(bytes);
          if (samples.length === 0) continue;
          yield* framesOf(resampler.push(new AudioFrame(samples, OPENAI_PCM_RATE, 1, samples.length)));
        }
        if (signal?.aborted) return;
        yield* framesOf(resampler.flush());
        if (signal?.aborted) return;
        yield* chunker.flush();
      } finally {
        resampler.close();
      }
    },
  };
}

function toAppError(error: unknown, name: string, timedOut: boolean): AppError {
  if (error instanceof AppError) return error;
  if (timedOut || error instanceof APIConnectionTimeoutError) {
    return new AppError("TIMEOUT", `${name}: no audio within the timeout`, { retryable: true, cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new AppError("UNAVAILABLE", `${name}: connection failed: ${error.message}`, { retryable: true, cause: error });
  }
  if (error instanceof APIError && error.status !== undefined) {
    if (error.status === 429 && error.code === "insufficient_quota") {
      // An exhausted quota also answers 429, but no amount of waiting fixes it.
      return new AppError("UNAVAILABLE", `${name}: ${error.message}`, { retryable: false, cause: error });
    }
    return fromStatus(error.status, `${name}: ${error.message}`, error);
  }
  // A socket reset mid-body surfaces as undici's TypeError("terminated").
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("PROVIDER_ERROR", `${name}: ${message}`, { retryable: true, cause: error });
}
