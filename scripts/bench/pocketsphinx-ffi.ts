import { existsSync } from "node:fs";
import { promisify } from "node:util";
import koffi from "koffi";
import type { LibraryHandle } from "koffi";
import { AppError } from "../../server/core/errors";

/**
 * Bench only (scripts/bench-stt-wer.ts): the product's former local STT
 * binding, kept so the word-error-rate benchmark can put the old setup next
 * to Vosk. The few pocketsphinx 5prealpha (Debian libpocketsphinx3) calls,
 * bound with koffi. The slow calls (model load, per-frame search, end of
 * utterance) run through koffi's async worker threads so a decode never
 * blocks the event loop that is also pacing call audio; callers must
 * serialize them, because a decoder is not thread-safe.
 */

/** An opaque `ps_decoder_t *`; koffi 3 represents pointers as bigint. */
export type DecoderHandle = bigint;

export interface DecoderPaths {
  readonly hmmDir: string;
  readonly lmPath: string;
  readonly dictPath: string;
  /** An ARPA model of the business's own phrases, interpolated with the general one. */
  readonly domainLmPath?: string;
  /** Weight of the domain model in the interpolation (0..1). */
  readonly domainWeight?: number;
}

export interface PocketsphinxApi {
  initDecoder(paths: DecoderPaths): Promise<DecoderHandle>;
  startUtterance(decoder: DecoderHandle): void;
  /** Feeds samples and runs the search over them; resolves once done. */
  processRaw(decoder: DecoderHandle, samples: Int16Array): Promise<void>;
  /** The current (partial or, after endUtterance, final) hypothesis; "" when none. */
  hypothesis(decoder: DecoderHandle): string;
  endUtterance(decoder: DecoderHandle): Promise<void>;
}

let api: PocketsphinxApi | undefined;

export function pocketsphinx(): PocketsphinxApi {
  api ??= bind();
  return api;
}

function bind(): PocketsphinxApi {
  let sphinxbase: LibraryHandle;
  let ps: LibraryHandle;
  try {
    sphinxbase = koffi.load("libsphinxbase.so.3");
    ps = koffi.load("libpocketsphinx.so.3");
  } catch (error) {
    throw new AppError(
      "UNAVAILABLE",
      "pocketsphinx is not installed (libpocketsphinx.so.3): apt-get install pocketsphinx pocketsphinx-en-us",
      { cause: error },
    );
  }

  const errSetLogfp = sphinxbase.func("void err_set_logfp(void *fp)");
  const cmdLnParseR = sphinxbase.func(
    "void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)",
  );
  const psArgs = ps.func("void *ps_args(void)");
  const psInit = ps.func("void *ps_init(void *config)");
  const psStartUtt = ps.func("int ps_start_utt(void *ps)");
  const psProcessRaw = ps.func(
    "int ps_process_raw(void *ps, const int16_t *data, size_t n_samples, int no_search, int full_utt)",
  );
  const psGetHyp = ps.func("const char *ps_get_hyp(void *ps, _Out_ int32_t *out_best_score)");
  const psEndUtt = ps.func("int ps_end_utt(void *ps)");
  const psGetSearch = ps.func("const char *ps_get_search(void *ps)");
  const psGetLm = ps.func("void *ps_get_lm(void *ps, const char *name)");
  const psGetLogmath = ps.func("void *ps_get_logmath(void *ps)");
  const psGetConfig = ps.func("void *ps_get_config(void *ps)");
  const psSetLm = ps.func("int ps_set_lm(void *ps, const char *name, void *lm)");
  const psSetSearch = ps.func("int ps_set_search(void *ps, const char *name)");
  const ngramModelRead = sphinxbase.func("void *ngram_model_read(void *config, const char *file, int type, void *lmath)");
  const ngramModelRetain = sphinxbase.func("void *ngram_model_retain(void *model)");
  const ngramModelSetInit = sphinxbase.func(
    "void *ngram_model_set_init(void *config, void **models, const char **names, const float *weights, int n)",
  );

  /** Interpolates the general model with the domain one and makes the mix the active search. */
  const useDomainModel = (decoder: bigint, path: string, weight: number) => {
    const search = psGetSearch(decoder) as string;
    const general = psGetLm(decoder, search) as bigint | null;
    const domain = ngramModelRead(psGetConfig(decoder), path, 0 /* NGRAM_AUTO */, psGetLogmath(decoder)) as bigint | null;
    if (!general || !domain) throw new AppError("UNAVAILABLE", `pocketsphinx could not read the domain language model ${path}`);
    // The set takes its own reference; the general model also stays owned by its search.
    ngramModelRetain(general);
    const mix = ngramModelSetInit(psGetConfig(decoder), [general, domain], ["general", "domain"], [1 - weight, weight], 2) as bigint | null;
    if (!mix || (psSetLm(decoder, "domain_mix", mix) as number) < 0 || (psSetSearch(decoder, "domain_mix") as number) < 0) {
      throw new AppError("UNAVAILABLE", "pocketsphinx could not switch to the interpolated language model");
    }
  };

  const initAsync = promisify(psInit.async) as (config: bigint) => Promise<bigint | null>;
  const processRawAsync = promisify(psProcessRaw.async) as (
    decoder: bigint, data: Int16Array, n: number, noSearch: number, fullUtt: number,
  ) => Promise<number>;
  const endUttAsync = promisify(psEndUtt.async) as (decoder: bigint) => Promise<number>;

  // Argument parsing logs the whole config table before `-logfn` takes effect.
  errSetLogfp(null);

  return {
    async initDecoder(paths) {
      for (const path of [paths.hmmDir, paths.lmPath, paths.dictPath]) {
        // The decoder's own log goes to /dev/null, so name a missing model here.
        if (!existsSync(path)) {
          throw new AppError("UNAVAILABLE", `pocketsphinx model file missing: ${path} (apt-get install pocketsphinx-en-us)`);
        }
      }
      const argv = [
        "-hmm", paths.hmmDir,
        "-lm", paths.lmPath,
        "-dict", paths.dictPath,
        "-samprate", "16000",
        "-logfn", "/dev/null",
      ];
      const config = cmdLnParseR(null, psArgs(), argv.length, argv, 1) as bigint | null;
      if (!config) throw new AppError("UNAVAILABLE", `pocketsphinx rejected its arguments: ${argv.join(" ")}`);
      const decoder = await initAsync(config);
      if (!decoder) throw new AppError("UNAVAILABLE", `pocketsphinx could not load the models in ${paths.hmmDir}`);
      if (paths.domainLmPath) useDomainModel(decoder, paths.domainLmPath, paths.domainWeight ?? 0.5);
      return decoder;
    },
    startUtterance(decoder) {
      if ((psStartUtt(decoder) as number) < 0) throw new AppError("PROVIDER_ERROR", "ps_start_utt failed");
    },
    async processRaw(decoder, samples) {
      const searched = await processRawAsync(decoder, samples, samples.length, 0, 0);
      if (searched < 0) throw new AppError("PROVIDER_ERROR", "ps_process_raw failed");
    },
    hypothesis(decoder) {
      return ((psGetHyp(decoder, [0]) as string | null) ?? "").trim();
    },
    async endUtterance(decoder) {
      if ((await endUttAsync(decoder)) < 0) throw new AppError("PROVIDER_ERROR", "ps_end_utt failed");
    },
  };
}
