import { AppError } from "../../core/errors";
import type { SpeechToText } from "../../core/ports";
import type { Env } from "../../env";
import { createScriptedStt } from "./fake";
import { createPocketsphinxStt } from "./local";

/** What `STT_PROVIDER=fake` hears, one line per utterance (matches the e2e fixtures). */
export const fakeSttScript = ["what are your opening hours", "hello there"];

/** Picks the STT engine from env: local pocketsphinx unless told otherwise. */
export function createStt(env: Pick<Env, "STT_PROVIDER" | "POCKETSPHINX_MODEL_DIR">): SpeechToText {
  switch (env.STT_PROVIDER) {
    case "fake":
      return createScriptedStt(fakeSttScript);
    case "deepgram":
      throw new AppError("UNAVAILABLE", "not implemented yet: deepgram STT (use STT_PROVIDER=local)");
    case "local":
      return createPocketsphinxStt({ modelDir: env.POCKETSPHINX_MODEL_DIR });
  }
}
