import type { PcmFrame, StreamOptions, VadEvent, VoiceActivityDetector } from "../../core/ports";
import { AsyncQueue } from "../../voice/async-queue";

export interface ScriptedSpeech {
  /** Wall-clock offset from the start of detection. */
  readonly startMs: number;
  readonly durationMs: number;
}

/**
 * A VAD that reports speech at scripted wall-clock times, for turn-taking
 * tests with exact timing (barge-in, false interruptions, silence). It still
 * drains its input and ends when the audio ends.
 */
export function createScriptedVad(speech: readonly ScriptedSpeech[], minSilenceMs = 250): VoiceActivityDetector {
  return {
    name: "scripted-vad",
    minSilenceMs,
    detect(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<VadEvent> {
      const out = new AsyncQueue<VadEvent>();
      const started = Date.now();
      const timers = speech.flatMap((s) => [
        setTimeout(() => out.push({ type: "speech_start", atMs: Date.now(), streamMs: s.startMs }), s.startMs),
        setTimeout(
          () => out.push({ type: "speech_end", atMs: Date.now() - minSilenceMs, streamMs: s.startMs + s.durationMs, speechMs: s.durationMs }),
          s.startMs + s.durationMs + minSilenceMs,
        ),
      ]);
      void (async () => {
        for await (const _ of frames) if (signal?.aborted) break;
        for (const t of timers) clearTimeout(t);
        out.close();
      })();
      void started;
      return out;
    },
  };
}
