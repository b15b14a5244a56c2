import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { InferenceSession, Tensor } from "onnxruntime-node";
import type { PcmFrame, StreamOptions, VadEvent, VoiceActivityDetector } from "../../core/ports";
import { sileroThreadPool, type SileroRun } from "./silero-threads";

export interface SileroOptions {
  /** Trailing silence that ends a speech segment (the endpointing delay). */
  minSilenceMs?: number;
  /** Speech shorter than this does not open a segment (clicks, pops). */
  minSpeechMs?: number;
  /** Probability at which speech starts; it ends below `activationThreshold - 0.15`. */
  activationThreshold?: number;
  /**
   * Worker threads that run the model (0: on the calling thread). A process running many calls
   * uses threads, so VAD inference does not eat the event loop that paces every call's audio.
   */
  threads?: number;
}

const RATE = 16000;
const WINDOW = 512; // samples per inference at 16 kHz (32 ms), fixed by Silero v5
const CONTEXT = 64;
const WINDOW_MS = (WINDOW * 1000) / RATE;

/** The Silero v5 model that ships inside @livekit/agents-plugin-silero (no download). */
function modelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@livekit/agents-plugin-silero")), "silero_vad.onnx");
}

/**
 * Silero VAD run in-process with onnxruntime-node. The state machine works in
 * stream time (32 ms windows), so segmentation is the same whether frames
 * arrive live or as fast as a test can push them.
 */
export async function loadSileroVad(options: SileroOptions = {}): Promise<VoiceActivityDetector> {
  const run = options.threads ? await sileroThreadPool(modelPath(), RATE, options.threads) : await inProcess();
  const minSilenceMs = options.minSilenceMs ?? 550;
  const settings = {
    minSilenceMs,
    minSpeechMs: options.minSpeechMs ?? 100,
    activation: options.activationThreshold ?? 0.5,
  };
  return {
    name: "silero",
    minSilenceMs,
    detect: (frames, streamOptions) => detect(run, settings, frames, streamOptions),
  };
}

async function inProcess(): Promise<SileroRun> {
  const session = await InferenceSession.create(modelPath(), {
    interOpNumThreads: 1,
    intraOpNumThreads: 1,
    executionMode: "sequential",
  });
  const sr = new Tensor("int64", BigInt64Array.from([BigInt(RATE)]));
  return async (input, state) => {
    const result = await session.run({
      input: new Tensor("float32", input, [1, CONTEXT + WINDOW]),
      state: new Tensor("float32", state, [2, 1, 128]),
      sr,
    });
    return { probability: (result.output!.data as Float32Array)[0] ?? 0, state: new Float32Array(result.stateN!.data as Float32Array) };
  };
}

async function* detect(
  run: SileroRun,
  settings: { minSilenceMs: number; minSpeechMs: number; activation: number },
  frames: AsyncIterable<PcmFrame>,
  { signal }: StreamOptions = {},
): AsyncIterable<VadEvent> {
  const deactivation = Math.max(0.05, settings.activation - 0.15);
  const input = new Float32Array(CONTEXT + WINDOW);
  let state: Float32Array = new Float32Array(2 * 128);
  const pending = new Float32Array(WINDOW);
  let filled = 0;
  let streamMs = 0;
  let speaking = false;
  let speechRunMs = 0;
  let silenceRunMs = 0;
  let speechMs = 0;

  const infer = async (): Promise<number> => {
    input.set(pending, CONTEXT);
    const result = await run(input, state);
    state = result.state;
    input.copyWithin(0, WINDOW, WINDOW + CONTEXT);
    return result.probability;
  };

  for await (const frame of frames) {
    if (signal?.aborted) return;
    // Only 16 kHz is fed by the pipeline; anything else is skipped, not fatal.
    if (frame.sampleRate !== RATE || frame.samples.length === 0) continue;
    let offset = 0;
    while (offset < frame.samples.length) {
      const take = Math.min(WINDOW - filled, frame.samples.length - offset);
      for (let i = 0; i < take; i++) pending[filled + i] = (frame.samples[offset + i] ?? 0) / 32768;
      filled += take;
      offset += take;
      if (filled < WINDOW) break;
      filled = 0;
      const probability = await infer();
      streamMs += WINDOW_MS;
      if (!speaking) {
        speechRunMs = probability >= settings.activation ? speechRunMs + WINDOW_MS : 0;
        if (speechRunMs >= settings.minSpeechMs) {
          speaking = true;
          speechMs = speechRunMs;
          silenceRunMs = 0;
          yield { type: "speech_start", atMs: Date.now() - speechRunMs, streamMs: streamMs - speechRunMs };
        }
      } else if (probability < deactivation) {
        silenceRunMs += WINDOW_MS;
        if (silenceRunMs >= settings.minSilenceMs) {
          speaking = false;
          speechRunMs = 0;
          yield { type: "speech_end", atMs: Date.now() - silenceRunMs, streamMs: streamMs - silenceRunMs, speechMs };
        }
      } else {
        speechMs += silenceRunMs + WINDOW_MS;
        silenceRunMs = 0;
      }
    }
  }
  // The stream ended mid-speech (the caller hung up): close the segment so the words are kept.
  if (speaking) {
    yield { type: "speech_end", atMs: Date.now() - silenceRunMs, streamMs: streamMs - silenceRunMs, speechMs };
  }
}
