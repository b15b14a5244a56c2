import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import koffi from "koffi";
import type { LibraryHandle } from "koffi";
import { AppError } from "../../core/errors";

/**
 * The few libvosk calls the recogniser needs, bound with koffi. Everything
 * that decodes (model load, accept_waveform, partial/final results) runs on
 * koffi's async worker threads, so decoding never blocks the event loop that
 * also paces call audio, VAD and barge-in. One model is shared by any number
 * of recognizers; calls on one recognizer must be serialized by the caller.
 */

/** Opaque `VoskModel *` / `VoskRecognizer *`; koffi 3 represents pointers as bigint. */
export type ModelHandle = bigint & { readonly __brand: "VoskModel" };
export type RecognizerHandle = bigint & { readonly __brand: "VoskRecognizer" };

/** One way of hearing a segment; `confidence` is Vosk's total log score (higher is likelier). */
export interface Hypothesis {
  readonly text: string;
  readonly confidence?: number;
}

export interface VoskApi {
  loadModel(modelDir: string): Promise<ModelHandle>;
  /** `alternatives` > 0 makes `result`/`finalResult` return that many n-best hypotheses. */
  newRecognizer(model: ModelHandle, sampleRate: number, options?: { alternatives?: number }): Promise<RecognizerHandle>;
  /** Feeds samples; true when Vosk's own endpointer closed a segment (read it with `result`). */
  acceptWaveform(recognizer: RecognizerHandle, samples: Int16Array): Promise<boolean>;
  /** The current segment's hypothesis so far. */
  partialResult(recognizer: RecognizerHandle): Promise<string>;
  /** The segment just closed by an endpoint, best hypothesis first. */
  result(recognizer: RecognizerHandle): Promise<Hypothesis[]>;
  /** Flushes the rest of the audio and returns the last segment, best hypothesis first. */
  finalResult(recognizer: RecognizerHandle): Promise<Hypothesis[]>;
  /** Frees the recognizer (in the background); no other call on it may be in flight or follow. */
  freeRecognizer(recognizer: RecognizerHandle): void;
}

const bound = new Map<string, VoskApi>();

/** The binding for one libvosk.so, loaded on first use. */
export function vosk(libraryPath: string): VoskApi {
  let api = bound.get(libraryPath);
  if (!api) {
    api = bind(libraryPath);
    bound.set(libraryPath, api);
  }
  return api;
}

function bind(libraryPath: string): VoskApi {
  let lib: LibraryHandle;
  try {
    lib = koffi.load(libraryPath);
  } catch (error) {
    throw new AppError(
      "UNAVAILABLE",
      `libvosk is missing or unloadable at ${libraryPath}: \`npm start\` fetches it into .cache/vosk (or set VOSK_LIBRARY)`,
      { cause: error },
    );
  }
  const setLogLevel = lib.func("void vosk_set_log_level(int level)");
  const modelNew = lib.func("void *vosk_model_new(const char *path)");
  const recognizerNew = lib.func("void *vosk_recognizer_new(void *model, float sample_rate)");
  const setMaxAlternatives = lib.func("void vosk_recognizer_set_max_alternatives(void *recognizer, int max_alternatives)");
  const accept = lib.func("int vosk_recognizer_accept_waveform_s(void *recognizer, const int16_t *data, int length)");
  const partial = lib.func("const char *vosk_recognizer_partial_result(void *recognizer)");
  const result = lib.func("const char *vosk_recognizer_result(void *recognizer)");
  const finalResult = lib.func("const char *vosk_recognizer_final_result(void *recognizer)");
  const free = lib.func("void vosk_recognizer_free(void *recognizer)");

  // Kaldi logs every model component at load; errors still surface as NULL returns.
  setLogLevel(-1);

  const modelNewAsync = promisify(modelNew.async) as (path: string) => Promise<ModelHandle | null>;
  const recognizerNewAsync = promisify(recognizerNew.async) as (m: ModelHandle, rate: number) => Promise<RecognizerHandle | null>;
  const acceptAsync = promisify(accept.async) as (r: RecognizerHandle, data: Int16Array, n: number) => Promise<number>;
  const promised = (fn: typeof partial) => promisify(fn.async) as (r: RecognizerHandle) => Promise<string | null>;
  const json = async (call: Promise<string | null>): Promise<Record<string, unknown>> => {
    const text = await call;
    if (text === null) throw new AppError("PROVIDER_ERROR", "vosk returned no result");
    return JSON.parse(text) as Record<string, unknown>;
  };
  const partialAsync = promised(partial);
  const resultAsync = promised(result);
  const finalResultAsync = promised(finalResult);

  return {
    async loadModel(modelDir) {
      // Vosk's own log is off, so name a missing model here.
      if (!existsSync(join(modelDir, "am", "final.mdl"))) {
        throw new AppError(
          "UNAVAILABLE",
          `Vosk model missing at ${modelDir}: \`npm start\` fetches it into .cache/vosk (or set VOSK_MODEL_DIR)`,
        );
      }
      const handle = await modelNewAsync(modelDir);
      if (!handle) throw new AppError("UNAVAILABLE", `Vosk could not load the model in ${modelDir}`);
      return handle;
    },
    async newRecognizer(m, sampleRate, { alternatives = 0 } = {}) {
      const handle = await recognizerNewAsync(m, sampleRate);
      if (!handle) throw new AppError("PROVIDER_ERROR", "vosk_recognizer_new failed");
      if (alternatives > 0) setMaxAlternatives(handle, alternatives);
      return handle;
    },
    async acceptWaveform(r, samples) {
      const status = await acceptAsync(r, samples, samples.length);
      if (status < 0) throw new AppError("PROVIDER_ERROR", "vosk_recognizer_accept_waveform failed");
      return status === 1;
    },
    async partialResult(r) {
      const { partial: text } = await json(partialAsync(r));
      return typeof text === "string" ? text : "";
    },
    result: async (r) => hypotheses(await json(resultAsync(r))),
    finalResult: async (r) => hypotheses(await json(finalResultAsync(r))),
    freeRecognizer(r) {
      // Freeing a recognizer's decoder takes ~10 ms; nothing waits for it.
      free.async(r, () => undefined);
    },
  };
}

/** `{"text": …}`, or with alternatives `{"alternatives": [{"text", "confidence"}, …]}` best first. */
function hypotheses(result: Record<string, unknown>): Hypothesis[] {
  if (Array.isArray(result.alternatives)) {
    return (result.alternatives as { text?: unknown; confidence?: unknown }[]).map((a) => ({
      text: typeof a.text === "string" ? a.text : "",
      confidence: typeof a.confidence === "number" ? a.confidence : undefined,
    }));
  }
  return [{ text: typeof result.text === "string" ? result.text : "" }];
}
