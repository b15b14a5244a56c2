import { DeepgramClient, DeepgramError, DeepgramTimeoutError } from "@deepgram/sdk";
import { AppError } from "../../core/errors";
import type { PcmFrame, StreamOptions, TextToSpeech } from "../../core/ports";
import { fromStatus, readAudioBody } from "./http-audio";
import { FrameChunker, isSpeakable, Pcm16Decoder } from "./pcm";

export interface DeepgramTtsOptions {
  readonly apiKey: string;
  /** REST base URL; tests point it at a local server. */
  readonly baseUrl?: string;
  /** An Aura voice model, e.g. `aura-2-thalia-en`. */
  readonly model?: string;
  /** Longest silence from the server (before headers, between chunks) before giving up. */
  readonly timeoutMs?: number;
}

const SAMPLE_RATE = 16000;

/**
 * Deepgram Aura over the REST speak endpoint (`POST /v1/speak`), asking for
 * raw 16 kHz linear16 (`container=none`) so the body is playable PCM from its
 * first byte: frames go out as bytes arrive, long before the synthesis ends.
 */
export function createDeepgramTts(options: DeepgramTtsOptions): TextToSpeech {
  const model = options.model ?? "aura-2-thalia-en";
  const timeoutMs = options.timeoutMs ?? 4000;
  const name = `deepgram:${model}`;
  const client = new DeepgramClient({
    apiKey: options.apiKey,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    // Retrying is the failover's job; the SDK would retry 5xx twice with backoff.
    maxRetries: 0,
  });

  return {
    name,
    sampleRate: SAMPLE_RATE,
    async *synthesize(text: string, { signal }: StreamOptions = {}): AsyncIterable<PcmFrame> {
      const input = text.trim();
      if (!isSpeakable(input) || signal?.aborted) return;
      const decoder = new Pcm16Decoder();
      const chunker = new FrameChunker(SAMPLE_RATE);
      const body = readAudioBody({
        signal,
        timeoutMs,
        open: async (requestSignal) => {
          const audio = await client.speak.v1.audio.generate(
            { text: input, model, encoding: "linear16", sample_rate: SAMPLE_RATE, container: "none" },
            { abortSignal: requestSignal, maxRetries: 0, timeoutInSeconds: timeoutMs / 1000 },
          );
          return audio.stream();
        },
        toAppError: (error, timedOut) => toAppError(error, name, timedOut),
      });
      for await (const bytes of body) {
        for (const frame of chunker.push(decoder.decode(bytes))) {
          // A barge-in stops the audio at the next frame, not at the end of the chunk.
          if (signal?.aborted) return;
          yield frame;
        }
      }
      if (signal?.aborted) return;
      for (const frame of chunker.flush()) yield frame;
    },
  };
}

function toAppError(error: unknown, name: string, timedOut: boolean): AppError {
  if (error instanceof AppError) return error;
  if (timedOut || error instanceof DeepgramTimeoutError) {
    return new AppError("TIMEOUT", `${name}: no audio within the timeout`, { retryable: true, cause: error });
  }
  if (error instanceof DeepgramError && error.statusCode !== undefined) {
    return fromStatus(error.statusCode, `${name}: HTTP ${error.statusCode}: ${describeBody(error.body)}`, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof DeepgramError) {
    // No status: the request never got an answer (refused, reset, DNS).
    return new AppError("UNAVAILABLE", `${name}: connection failed: ${message}`, { retryable: true, cause: error });
  }
  // The body broke off mid-stream (undici's TypeError("terminated")).
  return new AppError("PROVIDER_ERROR", `${name}: ${message}`, { retryable: true, cause: error });
}

/** Deepgram errors carry `err_msg` (REST) or `message`; anything else is shown as JSON. */
function describeBody(body: unknown): string {
  if (body && typeof body === "object") {
    const fields = body as Record<string, unknown>;
    for (const key of ["err_msg", "message", "reason"]) {
      if (typeof fields[key] === "string") return fields[key];
    }
    return JSON.stringify(body).slice(0, 200);
  }
  return String(body ?? "").slice(0, 200);
}
