import { AppError } from "../../core/errors";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../../core/ports";

/**
 * Scripted STT for tests and `STT_PROVIDER=fake`: each transcribe() call is
 * one utterance and, once its audio ends, yields the next line of the script
 * as the final transcript. The script wraps around so a long session never
 * runs dry.
 */
export function createScriptedStt(script: readonly string[]): SpeechToText {
  if (script.length === 0) throw new AppError("BAD_REQUEST", "a scripted STT needs at least one line");
  let nextLine = 0;
  return {
    name: "scripted-stt",
    sampleRate: 16000,
    async *transcribe(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<SttEvent> {
      for await (const frame of frames) {
        if (signal?.aborted) return;
        // Same contract as the real engine, so a pipeline that forgets to resample fails here too.
        if (frame.sampleRate !== 16000) {
          throw new AppError("BAD_REQUEST", `scripted STT needs 16000 Hz audio, got ${frame.sampleRate} Hz`);
        }
      }
      if (signal?.aborted) return;
      const text = script[nextLine % script.length] ?? "";
      nextLine += 1;
      yield { type: "final", text };
    },
  };
}
