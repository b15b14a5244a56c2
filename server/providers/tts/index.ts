import { AppError } from "../../core/errors";
import type { TextToSpeech } from "../../core/ports";
import type { Env } from "../../env";
import { createToneTts } from "./fake";
import { createFliteTts } from "./local";

/** Picks the TTS engine from env: local flite unless told otherwise. */
export function createTts(env: Pick<Env, "TTS_PROVIDER" | "TTS_VOICE">): TextToSpeech {
  switch (env.TTS_PROVIDER) {
    case "fake":
      return createToneTts();
    case "deepgram":
    case "openai":
      throw new AppError("UNAVAILABLE", `not implemented yet: ${env.TTS_PROVIDER} TTS (use TTS_PROVIDER=local)`);
    case "local":
      return createFliteTts({ voice: env.TTS_VOICE });
  }
}
