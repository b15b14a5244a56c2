import { AppError } from "../../core/errors";
import { createLogger, type Logger } from "../../core/log";
import type { SpeechToText } from "../../core/ports";
import type { Env } from "../../env";
import { failoverStt } from "../failover";
import { createDeepgramStt } from "./deepgram";
import { createScriptedStt } from "./fake";
import { createPocketsphinxStt } from "./local";

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
  | "LOG_LEVEL"
>;

/**
 * Picks the STT engine from env: local pocketsphinx unless told otherwise.
 * Deepgram runs with pocketsphinx behind it, so a cloud failure mid-call
 * costs a slower transcript, not the call.
 */
export function createStt(
  env: Pick<Env, "STT_PROVIDER" | "POCKETSPHINX_MODEL_DIR"> & Partial<CloudSttEnv>,
  deps: { log?: Logger; domainLmPath?: string } = {},
): SpeechToText {
  // The business's own phrases, interpolated with general English (see domain-lm.ts).
  const local = () => createPocketsphinxStt({ modelDir: env.POCKETSPHINX_MODEL_DIR, domainLmPath: deps.domainLmPath, domainWeight: 0.3 });
  switch (env.STT_PROVIDER) {
    case "fake":
      return createScriptedStt(fakeSttScript);
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
      });
      return failoverStt(cloud, local(), {
        cooldownMs: env.SPEECH_FAILOVER_COOLDOWN_MS ?? 30_000,
        log: deps.log ?? createLogger({ svc: "stt" }, env.LOG_LEVEL ?? "info"),
      });
    }
    case "local":
      return local();
  }
}
