import { AppError } from "../../core/errors";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../../core/ports";
import { lmWords, type DomainLanguageModel } from "./domain-lm";
import type { PhoneticRepair } from "./phonetic-repair";
import { vosk, type Hypothesis, type ModelHandle, type RecognizerHandle, type VoskApi } from "./vosk-ffi";

/**
 * Offline streaming STT on Vosk (Kaldi, small English model). The model is
 * loaded once per process (≈ 0.6 s, in the worker's prewarm) and shared; each
 * utterance gets its own recognizer, fed frame by frame as the caller speaks,
 * so partial transcripts arrive while they talk and the final only has to
 * flush the last fraction of a second. Every decoding call runs on a koffi
 * worker thread (vosk-ffi.ts): the event loop that paces audio, VAD and
 * barge-in never waits for the decoder.
 *
 * With a domain model, each segment's n-best list is re-ranked by Vosk's own
 * score plus the business's phrase model (domain-lm.ts): open vocabulary
 * stays, the business's own questions come out right more often. Partials
 * are Vosk's running best guess, unranked. Measured with
 * scripts/bench-stt-wer.ts: a closed runtime grammar of the same phrases
 * (vosk_recognizer_new_grm) is better on the profile's questions but garbles
 * everything else callers ask, so it is not used; the weight (0.25) and list
 * size (20, with the lattice beam widened to 6 by the set-up script) are the
 * ones that improved both in- and out-of-domain sentences there.
 */
export interface VoskOptions {
  /** The unpacked model (`assets/model-en-us/` of the Maven aar). */
  readonly modelDir: string;
  /** libvosk.so from the PyPI wheel. */
  readonly library: string;
  /** Audio between partial-result checks; lower is fresher, each check costs a lattice traceback. */
  readonly partialEveryMs?: number;
  /** Re-ranks each segment's n-best hypotheses (see domain-lm.ts). */
  readonly domainLm?: DomainLanguageModel;
  /** Weight of the domain model's log probability against Vosk's score. */
  readonly domainWeight?: number;
  /** n-best list size when re-ranking. */
  readonly alternatives?: number;
  /** Adds "sounds like the business's word" variants to the n-best list before re-ranking (phonetic-repair.ts). */
  readonly repair?: PhoneticRepair;
  /** Score taken off a repaired variant per phoneme edit. */
  readonly repairPenalty?: number;
  /** A stand-in binding (tests). */
  readonly api?: VoskApi;
}

const SAMPLE_RATE = 16000;
/** Larger frames are fed in pieces so partials and Vosk's own endpoints keep pace with the audio. */
const MAX_CHUNK_SAMPLES = SAMPLE_RATE / 5;

/** Repairs are tried on this many of the best hypotheses. */
const REPAIRED_HYPOTHESES = 3;

const models = new WeakMap<VoskApi, Map<string, Promise<ModelHandle>>>();

function sharedModel(api: VoskApi, modelDir: string): Promise<ModelHandle> {
  let byDir = models.get(api);
  if (!byDir) {
    byDir = new Map();
    models.set(api, byDir);
  }
  let model = byDir.get(modelDir);
  if (!model) {
    model = api.loadModel(modelDir);
    // A failed load is not cached, so a fixed install works without a restart.
    const cache = byDir;
    model.catch(() => cache.delete(modelDir));
    byDir.set(modelDir, model);
  }
  return model;
}

/** Loads the model at process start so the first caller does not wait for it. */
export async function preloadVosk(options: VoskOptions): Promise<void> {
  await sharedModel(options.api ?? vosk(options.library), options.modelDir);
}

const digitWords = new Set(["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);
const digitHomophones: Record<string, string> = { to: "two", too: "two", for: "four" };

/**
 * Vosk's words as plain text: "[unk]" (a sound it could not place in its
 * vocabulary) dropped, and inside a digit string of at least three real
 * digits, "to"/"for" read as the digits they sound like ("four to seven one").
 */
export function cleanVoskText(text: string): string {
  const words = text.replace(/\[unk\]/g, " ").trim().split(/\s+/).filter(Boolean);
  for (let start = 0; start < words.length; ) {
    let end = start;
    let digits = 0;
    while (end < words.length && (digitWords.has(words[end]!) || words[end]! in digitHomophones)) {
      if (digitWords.has(words[end]!)) digits += 1;
      end += 1;
    }
    if (digits >= 3) {
      for (let i = start; i < end; i++) words[i] = digitHomophones[words[i]!] ?? words[i]!;
    }
    start = Math.max(end, start + 1);
  }
  return words.join(" ");
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
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

export function createVoskStt(options: VoskOptions): SpeechToText {
  const partialEverySamples = ((options.partialEveryMs ?? 100) * SAMPLE_RATE) / 1000;
  const { domainLm } = options;
  const domainWeight = options.domainWeight ?? 0.25;
  const alternatives = domainLm ? (options.alternatives ?? 20) : 0;
  const { repair } = options;
  const repairPenalty = options.repairPenalty ?? 2;
  const withRepairs = (hypotheses: Hypothesis[]): Hypothesis[] =>
    !repair
      ? hypotheses
      : [
          ...hypotheses,
          ...hypotheses.slice(0, REPAIRED_HYPOTHESES).flatMap((h) =>
            repair.variants(h.text).map((v) => ({ text: v.text, confidence: (h.confidence ?? 0) - repairPenalty * v.cost })),
          ),
        ];
  const best = (heard: Hypothesis[]): string => {
    const hypotheses = domainLm ? withRepairs(heard) : heard;
    let chosen = hypotheses[0];
    if (domainLm && hypotheses.length > 1) {
      let top = -Infinity;
      for (const hypothesis of hypotheses) {
        const score = (hypothesis.confidence ?? 0) + domainWeight * domainLm.logProb(lmWords(hypothesis.text));
        if (score > top) [top, chosen] = [score, hypothesis];
      }
    }
    return cleanVoskText(chosen?.text ?? "");
  };
  return {
    name: "vosk",
    sampleRate: SAMPLE_RATE,
    async *transcribe(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<SttEvent> {
      const api = options.api ?? vosk(options.library);
      const input = frames[Symbol.asyncIterator]();
      let inputDone = false;
      let recognizer: RecognizerHandle | undefined;
      try {
        /** Segments Vosk's endpointer closed (a pause mid-turn); the turn's text is all of them. */
        const segments: string[] = [];
        const soFar = (current: string) => [...segments, current].filter(Boolean).join(" ");
        let lastInterim = "";
        let sincePartial = 0;
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
              `vosk needs ${SAMPLE_RATE} Hz audio, got a ${frame.sampleRate} Hz frame; resample before transcribing`,
            );
          }
          if (frame.samples.length === 0) continue;
          if (recognizer === undefined) {
            // Created once audio arrives, so an idle stream holds nothing native.
            const model = await untilAborted(sharedModel(api, options.modelDir), signal);
            if (model === ABORTED) return;
            recognizer = await api.newRecognizer(model, SAMPLE_RATE, { alternatives });
            if (signal?.aborted) return;
          }
          for (let at = 0; at < frame.samples.length; at += MAX_CHUNK_SAMPLES) {
            const chunk = frame.samples.subarray(at, at + MAX_CHUNK_SAMPLES);
            const endpoint = await api.acceptWaveform(recognizer, chunk);
            if (signal?.aborted) return;
            sincePartial += chunk.length;
            let text: string | undefined;
            if (endpoint) {
              const segment = best(await api.result(recognizer));
              if (segment) segments.push(segment);
              text = soFar("");
              sincePartial = 0;
            } else if (sincePartial >= partialEverySamples) {
              text = soFar(cleanVoskText(await api.partialResult(recognizer)));
              sincePartial = 0;
            }
            if (signal?.aborted) return;
            if (text && text !== lastInterim) {
              lastInterim = text;
              yield { type: "interim", text };
            }
          }
        }
        if (recognizer !== undefined) {
          const last = best(await api.finalResult(recognizer));
          if (signal?.aborted) return;
          if (last) segments.push(last);
        }
        yield { type: "final", text: soFar("") };
      } finally {
        // Runs on normal end, error, abort and when the consumer stops reading. No call on this
        // recognizer is in flight here: every one was awaited before the generator could stop.
        if (recognizer !== undefined) api.freeRecognizer(recognizer);
        // Not awaited: a generator's return() queues behind a pending next(),
        // which may never settle if the input is idle.
        if (!inputDone) void input.return?.()?.catch(() => undefined);
      }
    },
  };
}
