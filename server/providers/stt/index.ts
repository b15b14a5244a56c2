import { resolve } from "node:path";
import { AppError } from "../../core/errors";
import { createLogger, type Logger } from "../../core/log";
import type { SpeechToText } from "../../core/ports";
import type { Env } from "../../env";
import { failoverStt } from "../failover";
import { createDeepgramStt } from "./deepgram";
import { buildDomainLm } from "./domain-lm";
import { createScriptedStt } from "./fake";
import { buildPhoneticRepair, loadLexiconPronouncer } from "./phonetic-repair";
import { createVoskStt, preloadVosk, type VoskOptions } from "./vosk";

/** What `STT_PROVIDER=fake` hears, one line per utterance (matches the e2e fixtures). */
export const fakeSttScript = ["what are your opening hours", "hello there"];

/** The variables the cloud engine reads; each has a default in env.ts, so they are optional here. */
type CloudSttEnv = Pick<
  Env,
  | "DEEPGRAM_API_KEY"
  | "DEEPGRAM_BASE_URL"
  | "DEEPGRAM_STT_MODEL"
  | "DEEPGRAM_STT_ENCODING"
  | "SPEECH_TIMEOUT_MS"
  | "SPEECH_FAILOVER_COOLDOWN_MS"
  | "STT_STANDBY"
  | "LOG_LEVEL"
>;

type LocalSttEnv = Pick<Env, "STT_PROVIDER" | "VOSK_MODEL_DIR" | "VOSK_LIBRARY"> & Partial<Pick<Env, "FAKE_STT_SCRIPT" | "FAKE_STT_DELAY_MS">>;

function voskOptions(env: LocalSttEnv): Pick<VoskOptions, "modelDir" | "library"> {
  return { modelDir: resolve(env.VOSK_MODEL_DIR), library: resolve(env.VOSK_LIBRARY) };
}

/**
 * Picks the STT engine from env: local Vosk unless told otherwise. Deepgram
 * runs with Vosk behind it (hot by default: hearing every utterance too), so
 * a cloud failure mid-call costs a local transcript, not the call. `domainPhrases` (domain-phrases.ts) let Vosk
 * prefer the business's own wording among what it heard.
 */
export function createStt(
  env: LocalSttEnv & Partial<CloudSttEnv>,
  deps: { log?: Logger; domainPhrases?: readonly string[]; lexiconDir?: string } = {},
): SpeechToText {
  const domainLm = deps.domainPhrases?.length ? buildDomainLm(deps.domainPhrases) : undefined;
  const local = () => createVoskStt({ ...voskOptions(env), domainLm, repair: domainLm && phoneticRepair(deps) });
  switch (env.STT_PROVIDER) {
    case "fake":
      // Like a streaming cloud recogniser: the words as an interim 300 ms in (so end of turn sees them), the final FAKE_STT_DELAY_MS after the audio.
      return createScriptedStt(
        (env.FAKE_STT_SCRIPT?.length ? env.FAKE_STT_SCRIPT : fakeSttScript).map((line) => ({ interims: [{ text: line, atMs: 300 }], final: line, finalDelayMs: env.FAKE_STT_DELAY_MS ?? 0 })),
      );
    case "deepgram": {
      if (!env.DEEPGRAM_API_KEY) {
        throw new AppError("UNAVAILABLE", "STT_PROVIDER=deepgram needs DEEPGRAM_API_KEY (or set STT_PROVIDER=local)");
      }
      const cloud = createDeepgramStt({
        apiKey: env.DEEPGRAM_API_KEY,
        baseUrl: env.DEEPGRAM_BASE_URL,
        model: env.DEEPGRAM_STT_MODEL,
        encoding: env.DEEPGRAM_STT_ENCODING,
        connectTimeoutMs: env.SPEECH_TIMEOUT_MS,
        finalTimeoutMs: env.SPEECH_TIMEOUT_MS,
        // Deepgram answers about once a second of audio, silence included: 1.5 s without a word is a stall.
        resultsTimeoutMs: env.SPEECH_TIMEOUT_MS,
      });
      return failoverStt(cloud, local(), {
        standby: env.STT_STANDBY ?? "hot",
        cooldownMs: env.SPEECH_FAILOVER_COOLDOWN_MS ?? 30_000,
        log: deps.log ?? createLogger({ svc: "stt" }, env.LOG_LEVEL ?? "info"),
      });
    }
    case "local":
      return local();
  }
}

/** Without the voice's lexicons (e.g. a flite-only install), business words are not repaired; re-ranking still runs. */
function phoneticRepair(deps: { log?: Logger; domainPhrases?: readonly string[]; lexiconDir?: string }) {
  if (!deps.lexiconDir || !deps.domainPhrases?.length) return undefined;
  try {
    return buildPhoneticRepair(loadLexiconPronouncer(resolve(deps.lexiconDir)), deps.domainPhrases);
  } catch (error) {
    deps.log?.warn("pronunciation lexicon not loaded; business words are not repaired", { error });
    return undefined;
  }
}

/**
 * Loads the local model before any call (the worker's prewarm): also when
 * Deepgram is primary, so a failover mid-call does not wait for it.
 */
export async function preloadStt(env: LocalSttEnv): Promise<void> {
  if (env.STT_PROVIDER === "fake") return;
  await preloadVosk(voskOptions(env));
}
