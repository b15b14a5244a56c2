import { resolve } from "node:path";
import { AppError } from "../../core/errors";
import { createLogger, type Logger } from "../../core/log";
import type { TextToSpeech } from "../../core/ports";
import type { Env } from "../../env";
import { failoverTts } from "../failover";
import { createDeepgramTts } from "./deepgram";
import { createToneTts } from "./fake";
import { assertAssets } from "./hibari/assets";
import { createHibariTts, preloadHibari } from "./hibari-voice";
import { createFliteTts, preloadFlite } from "./local";
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

type LocalTtsEnv = Pick<Env, "TTS_PROVIDER" | "TTS_VOICE"> &
  Partial<Pick<Env, "HIBARI_ASSETS_DIR" | "HIBARI_THREADS" | "FAKE_TTS_FIRST_BYTE_MS" | "TTS_PHONE_SPEED" | "TTS_PHONE_SHAPING">>;

/** Who listens: a web visitor (wideband) or a phone caller (an 8 kHz line, where the local voice can be slowed and shaped). */
export type TtsChannel = "web" | "phone";

/**
 * The offline voice TTS_VOICE names: hibari's "heart" (natural; its assets
 * come from the set-up) or one of flite's (small and robotic, no assets).
 * Missing hibari assets fail here, at boot, naming the fix.
 */
function createLocalTts(env: LocalTtsEnv, channel: TtsChannel): TextToSpeech {
  if (env.TTS_VOICE !== "heart") return createFliteTts({ voice: env.TTS_VOICE });
  const assetsDir = resolve(env.HIBARI_ASSETS_DIR ?? ".cache/hibari");
  assertAssets(assetsDir);
  if (channel === "web") return createHibariTts({ assetsDir, threads: env.HIBARI_THREADS });
  return createHibariTts({ assetsDir, threads: env.HIBARI_THREADS, speed: env.TTS_PHONE_SPEED ?? 1, telephone: env.TTS_PHONE_SHAPING === "on" });
}

/**
 * Picks the TTS engine from env: the local voice unless told otherwise. A
 * cloud engine runs with the local voice behind it, so a cloud failure
 * mid-call costs a change of voice (and one repeated sentence at worst),
 * not the call.
 */
export function createTts(env: LocalTtsEnv & Partial<CloudTtsEnv>, deps: { log?: Logger; channel?: TtsChannel } = {}): TextToSpeech {
  const channel = deps.channel ?? "web";
  const withFallback = (cloud: TextToSpeech) =>
    failoverTts(cloud, createLocalTts(env, channel), {
      cooldownMs: env.SPEECH_FAILOVER_COOLDOWN_MS ?? 30_000,
      log: deps.log ?? createLogger({ svc: "tts" }, env.LOG_LEVEL ?? "info"),
    });
  switch (env.TTS_PROVIDER) {
    case "fake":
      return createToneTts({ firstByteMs: env.FAKE_TTS_FIRST_BYTE_MS ?? 0 });
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
      return createLocalTts(env, channel);
  }
}

/**
 * Loads the local voice before any call (the worker's prewarm): hibari's
 * worker thread, model and lexicons, also when it only stands behind a cloud
 * engine, so a failover mid-call does not wait for it.
 */
export async function preloadTts(env: LocalTtsEnv): Promise<void> {
  if (env.TTS_PROVIDER === "fake") return;
  if (env.TTS_VOICE === "heart") await preloadHibari(resolve(env.HIBARI_ASSETS_DIR ?? ".cache/hibari"), env.HIBARI_THREADS);
  else await preloadFlite();
}
