import type { Env } from "../env";

export interface ProviderStatus {
  stage: "STT" | "LLM" | "TTS";
  provider: string;
  detail: string;
  /** False when a cloud provider is selected without its key. */
  configured: boolean;
}

/** Which engines the agent uses, from env, without ever exposing a key. */
export function providerStatus(config: Env): ProviderStatus[] {
  const openAi = config.OPENAI_API_KEY !== undefined;
  const deepgram = config.DEEPGRAM_API_KEY !== undefined;
  const stt: ProviderStatus =
    config.STT_PROVIDER === "deepgram"
      ? { stage: "STT", provider: "Deepgram", detail: "streaming, cloud", configured: deepgram }
      : config.STT_PROVIDER === "fake"
        ? { stage: "STT", provider: "Scripted fake", detail: "tests only", configured: true }
        : { stage: "STT", provider: "Vosk (local)", detail: config.VOSK_MODEL_DIR, configured: true };
  const llm: ProviderStatus =
    config.LLM_PROVIDER === "openai"
      ? {
          stage: "LLM",
          provider: "OpenAI-compatible",
          detail: `${config.OPENAI_MODEL}${config.OPENAI_BASE_URL ? ` at ${new URL(config.OPENAI_BASE_URL).host}` : ""}`,
          configured: openAi || config.OPENAI_BASE_URL !== undefined,
        }
      : config.LLM_PROVIDER === "fake"
        ? { stage: "LLM", provider: "Scripted fake", detail: "tests only", configured: true }
        : { stage: "LLM", provider: "Local intent engine", detail: "business-profile intents, offline", configured: true };
  const tts: ProviderStatus =
    config.TTS_PROVIDER === "deepgram"
      ? { stage: "TTS", provider: "Deepgram", detail: "streaming, cloud", configured: deepgram }
      : config.TTS_PROVIDER === "openai"
        ? { stage: "TTS", provider: "OpenAI", detail: "cloud", configured: openAi }
        : config.TTS_PROVIDER === "fake"
          ? { stage: "TTS", provider: "Scripted fake", detail: "tests only", configured: true }
          : config.TTS_VOICE === "heart"
            ? { stage: "TTS", provider: "hibari (local)", detail: "neural voice heart, offline", configured: true }
            : { stage: "TTS", provider: "flite (local)", detail: `voice ${config.TTS_VOICE}`, configured: true };
  return [stt, llm, tts];
}
