import { join } from "node:path";
import { loadBusinessProfile } from "../business-profile";
import { createLogger } from "../core/log";
import type { PcmFrame, SpeechToText, TextToSpeech, VoiceActivityDetector } from "../core/ports";
import type { Env } from "../env";
import { createStt, preloadStt } from "../providers/stt";
import { loadDomainPhrases } from "../providers/stt/domain-phrases";
import { createTts, preloadTts } from "../providers/tts";
import { loadSileroVad } from "../providers/vad/silero";

/**
 * The speech engines a worker process loads once and every call in it shares.
 * Each is safe to share across concurrent calls: the VAD keeps its recurrent
 * state per `detect` stream (the model runs on a small thread pool or one session), the recogniser opens a
 * Vosk recogniser per utterance on the one loaded model (decoding on koffi's
 * worker threads), and the local voice synthesises on worker threads.
 */
export interface Engines {
  vad: VoiceActivityDetector;
  stt: SpeechToText;
  tts: TextToSpeech;
  /** The same voice for phone callers (TTS_PHONE_SPEED, TTS_PHONE_SHAPING), on the same synthesis threads; `tts` when absent. */
  phoneTts?: TextToSpeech;
}

export async function loadEngines(settings: Env): Promise<Engines> {
  const shared = settings.AGENT_EXECUTOR === "shared";
  // A job process serves one call: one synthesis thread is enough there.
  const config: Env = { ...settings, HIBARI_THREADS: shared ? settings.HIBARI_THREADS : 1 };
  const engines: Engines = {
    // Many calls in one process: VAD inference moves off the event loop that paces their audio.
    vad: await loadSileroVad({ minSilenceMs: config.VAD_MIN_SILENCE_MS, threads: shared ? config.VAD_THREADS : 0 }),
    stt: createStt(config, {
      domainPhrases: loadDomainPhrases(loadBusinessProfile(), join(process.cwd(), "knowledge")),
      // The voice's pronunciation lexicons: heard words that sound like the business's own are repaired.
      lexiconDir: config.HIBARI_ASSETS_DIR,
      log: createLogger({ svc: "stt" }, config.LOG_LEVEL),
    }),
    tts: createTts(config),
    phoneTts: createTts(config, { channel: "phone" }),
  };
  // The local recogniser's model, also when it only stands behind a cloud engine.
  await preloadStt(config);
  // The local voice (hibari's worker threads and model), also when it only stands behind a cloud engine.
  await preloadTts(config);
  await warm(engines);
  return engines;
}

/** Runs each engine once so first-call costs (model load, JIT) are paid before a call. */
async function warm(engines: Engines): Promise<void> {
  for await (const frame of engines.tts.synthesize("Hello.")) void frame;
  // Silence is enough: it runs one recognizer through the shared model (each utterance gets a
  // fresh recognizer, so nothing from the warm-up carries into a caller's turn).
  const silence: PcmFrame = { samples: new Int16Array(engines.stt.sampleRate / 10), sampleRate: engines.stt.sampleRate };
  async function* one(): AsyncIterable<PcmFrame> {
    yield silence;
  }
  for await (const event of engines.stt.transcribe(one())) void event;
}
