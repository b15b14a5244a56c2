import { join } from "node:path";
import { AppError } from "../../core/errors";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../../core/ports";
import { pocketsphinx, type DecoderHandle, type DecoderPaths } from "./pocketsphinx-ffi";

/**
 * Offline STT on pocketsphinx. Loading the models costs ~0.3–0.7 s, so the
 * process keeps one long-lived decoder per model set and serializes
 * utterances through it: an utterance takes the decoder when its first frame
 * arrives and gives it back when its input ends, it is aborted, or the
 * consumer stops reading.
 */

export interface PocketsphinxOptions {
  /** Holds `en-us/` (acoustic model), `en-us.lm.bin` and `cmudict-en-us.dict`. */
  readonly modelDir?: string;
  readonly lmPath?: string;
  readonly dictPath?: string;
  /** ARPA model of the business's phrases (domain-lm.ts), interpolated with the general model. */
  readonly domainLmPath?: string;
  readonly domainWeight?: number;
}

const SAMPLE_RATE = 16000;
/** How much audio to feed between partial-hypothesis checks. */
const INTERIM_EVERY_SAMPLES = (SAMPLE_RATE * 200) / 1000;

interface SharedDecoder {
  readonly handle: Promise<DecoderHandle>;
  /** Settles when the utterance currently holding the decoder releases it. */
  tail: Promise<void>;
}

const decoders = new Map<string, SharedDecoder>();

function resolvePaths(options: PocketsphinxOptions): DecoderPaths {
  const modelDir = options.modelDir ?? "/usr/share/pocketsphinx/model/en-us";
  return {
    hmmDir: join(modelDir, "en-us"),
    lmPath: options.lmPath ?? join(modelDir, "en-us.lm.bin"),
    dictPath: options.dictPath ?? join(modelDir, "cmudict-en-us.dict"),
    domainLmPath: options.domainLmPath,
    domainWeight: options.domainWeight,
  };
}

function sharedDecoder(options: PocketsphinxOptions): SharedDecoder {
  const paths = resolvePaths(options);
  const key = JSON.stringify(paths);
  let shared = decoders.get(key);
  if (!shared) {
    const handle = Promise.resolve().then(() => pocketsphinx().initDecoder(paths));
    // A failed load is not cached, so a fixed install works without a restart.
    handle.catch(() => decoders.delete(key));
    shared = { handle, tail: Promise.resolve() };
    decoders.set(key, shared);
  }
  return shared;
}

/**
 * Queues for the decoder. `release` may be called before `ready` settles (an
 * utterance aborted while waiting); the next in line still waits for the
 * current holder, because each turn chains onto the previous one.
 */
function acquire(shared: SharedDecoder): { ready: Promise<void>; release: () => void } {
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const ready = shared.tail;
  shared.tail = ready.then(() => mine);
  return { ready, release };
}

/** Loads the decoder at process start so the first caller does not wait for it. */
export async function preloadPocketsphinx(options: PocketsphinxOptions = {}): Promise<void> {
  await sharedDecoder(options).handle;
}

const ABORTED = Symbol("aborted");

/** `promise`'s value, or ABORTED as soon as the signal fires (input may be idle for long). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T | typeof ABORTED> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => { signal.removeEventListener("abort", onAbort); resolve(value); },
      (error: unknown) => { signal.removeEventListener("abort", onAbort); reject(error); },
    );
  });
}

export function createPocketsphinxStt(options: PocketsphinxOptions = {}): SpeechToText {
  return {
    name: "pocketsphinx",
    sampleRate: SAMPLE_RATE,
    async *transcribe(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<SttEvent> {
      const engine = pocketsphinx();
      const shared = sharedDecoder(options);
      const input = frames[Symbol.asyncIterator]();
      let inputDone = false;
      let release: (() => void) | undefined;
      let decoder: DecoderHandle | undefined;
      let inUtterance = false;
      try {
        let sinceInterim = 0;
        let lastInterim = "";
        for (;;) {
          const next = await untilAborted(input.next(), signal);
          if (next === ABORTED) return;
          if (next.done) {
            inputDone = true;
            break;
          }
          const frame = next.value;
          if (frame.sampleRate !== SAMPLE_RATE) {
            throw new AppError(
              "BAD_REQUEST",
              `pocketsphinx needs ${SAMPLE_RATE} Hz audio, got a ${frame.sampleRate} Hz frame; resample before transcribing`,
            );
          }
          if (decoder === undefined) {
            // Take the decoder only once audio arrives, so an idle stream does not hold it.
            const turn = acquire(shared);
            release = turn.release;
            if ((await untilAborted(turn.ready, signal)) === ABORTED) return;
            decoder = await shared.handle;
            if (signal?.aborted) return;
            engine.startUtterance(decoder);
            inUtterance = true;
          }
          if (frame.samples.length === 0) continue;
          await engine.processRaw(decoder, frame.samples);
          if (signal?.aborted) return;
          sinceInterim += frame.samples.length;
          if (sinceInterim >= INTERIM_EVERY_SAMPLES) {
            sinceInterim = 0;
            const partial = engine.hypothesis(decoder);
            if (partial && partial !== lastInterim) {
              lastInterim = partial;
              yield { type: "interim", text: partial };
            }
          }
        }
        let text = "";
        if (inUtterance && decoder !== undefined) {
          inUtterance = false;
          await engine.endUtterance(decoder);
          text = engine.hypothesis(decoder);
        }
        yield { type: "final", text };
      } finally {
        // Runs on normal end, error, abort, and when the consumer stops reading.
        if (inUtterance && decoder !== undefined) {
          await engine.endUtterance(decoder).catch(() => undefined);
        }
        release?.();
        // Not awaited: a generator's return() queues behind a pending next(),
        // which may never settle if the input is idle.
        if (!inputDone) void input.return?.()?.catch(() => undefined);
      }
    },
  };
}
