import { AppError } from "../../core/errors";
import { createLogger, type Logger } from "../../core/log";
import type { TextToSpeech } from "../../core/ports";
import type { Env } from "../../env";
import { failoverTts } from "../failover";
import { createDeepgramTts } from "./deepgram";
import { createToneTts } from "./fake";
import { createFliteTts } from "./local";
import { createOpenAiTts } from "./openai";

/** The variables the cloud engines read; each has a default in env.ts, so they are optional here. */
type CloudTtsEnv = Pick<
  Env,
  | "DEEPGRAM_API_KEY"
  | "DEEPGRAM_BASE_URL"
  | "DEEPGRAM_TTS_MODEL"
  | "OPENAI_API_KEY"
  | "OPENAI_BASE_URL"
  | "OPENAI_TTS_MODEL"
  | "OPENAI_TTS_VOICE"
  | "SPEECH_TIMEOUT_MS"
  | "SPEECH_FAILOVER_COOLDOWN_MS"
  | "LOG_LEVEL"
>;

/**
 * Picks the TTS engine from env: local flite unless told otherwise. A cloud
 * engine runs with flite behind it, so a cloud failure mid-call costs a
 * change of voice (and one repeated sentence at worst), not the call.
 */
export function createTts(
  env: Pick<Env, "TTS_PROVIDER" | "TTS_VOICE"> & Partial<CloudTtsEnv>,
  deps: { log?: Logger } = {},
): TextToSpeech {
  const withFallback = (cloud: TextToSpeech) =>
    failoverTts(cloud, createFliteTts({ voice: env.TTS_VOICE }), {
      cooldownMs: env.SPEECH_FAILOVER_COOLDOWN_MS ?? 30_000,
      log: deps.log ?? createLogger({ svc: "tts" }, env.LOG_LEVEL ?? "info"),
    });
  switch (env.TTS_PROVIDER) {
    case "fake":
      return createToneTts();
    case "deepgram":
      if (!env.DEEPGRAM_API_KEY) {
        throw new AppError("UNAVAILABLE", "TTS_PROVIDER=deepgram needs DEEPGRAM_API_KEY (or set TTS_PROVIDER=local)");
      }
      return withFallback(
        createDeepgramTts({
          apiKey: env.DEEPGRAM_API_KEY,
          baseUrl: env.DEEPGRAM_BASE_URL,
          model: env.DEEPGRAM_TTS_MODEL,
          timeoutMs: env.SPEECH_TIMEOUT_MS,
        }),
      );
    case "openai":
      if (!env.OPENAI_API_KEY) {
        throw new AppError("UNAVAILABLE", "TTS_PROVIDER=openai needs OPENAI_API_KEY (or set TTS_PROVIDER=local)");
      }
      return withFallback(
        createOpenAiTts({
          apiKey: env.OPENAI_API_KEY,
          baseURL: env.OPENAI_BASE_URL,
          model: env.OPENAI_TTS_MODEL,
          voice: env.OPENAI_TTS_VOICE,
          timeoutMs: env.SPEECH_TIMEOUT_MS,
        }),
      );
    case "local":
      return createFliteTts({ voice: env.TTS_VOICE });
  }
}
