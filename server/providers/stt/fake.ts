import { AppError } from "../../core/errors";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../../core/ports";

/**
 * One utterance of a scripted STT. A plain string is the final transcript,
 * said once the utterance's audio ends. The object form scripts the rest:
 * - `interims`: partial transcripts, each said on the first frame that
 *   arrives at least `atMs` after the utterance started (default 0);
 * - `final` (default none) said `finalDelayMs` after the audio ends;
 * - `fail`: thrown instead, after `failAfterFrames` frames (default: once
 *   the audio ends), after any interims due by then.
 */
export type ScriptedUtterance =
  | string
  | {
      readonly interims?: readonly (string | { readonly text: string; readonly atMs: number })[];
      readonly final?: string;
      readonly finalDelayMs?: number;
      readonly fail?: Error;
      readonly failAfterFrames?: number;
    };

export interface ScriptedSttOptions {
  /** What comes after the script: it starts over (a long demo session never runs dry), or every further utterance is heard as noise (no words). */
  readonly afterScript?: "repeat" | "noise";
  readonly name?: string;
}

export interface ScriptedStt extends SpeechToText {
  /** Utterances transcribed so far. */
  readonly calls: number;
  /** Every final transcript said, with when it was said. */
  readonly finals: { readonly text: string; readonly atMs: number }[];
}

/**
 * Scripted STT for tests and `STT_PROVIDER=fake`: each transcribe() call is
 * one utterance and follows the next entry of the script — interims, a final,
 * delays, failures — with the same contract as the real engines (16 kHz in,
 * ends quietly on abort). Anchor: openai-agents-js `testing/scriptedModel.ts`.
 */
export function createScriptedStt(script: readonly ScriptedUtterance[], options: ScriptedSttOptions = {}): ScriptedStt {
  const afterScript = options.afterScript ?? "repeat";
  if (script.length === 0 && afterScript === "repeat") throw new AppError("BAD_REQUEST", "a repeating scripted STT needs at least one line");
  const finals: { text: string; atMs: number }[] = [];
  let calls = 0;

  async function* transcribe(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<SttEvent> {
    const index = calls++;
    const entry = index < script.length || afterScript === "repeat" ? script[index % script.length] : undefined;
    const utterance = typeof entry === "string" ? { final: entry } : (entry ?? {});
    const interims = (utterance.interims ?? []).map((i) => (typeof i === "string" ? { text: i, atMs: 0 } : i));
    const started = Date.now();
    let said = 0;
    let heard = 0;
    for await (const frame of frames) {
      if (signal?.aborted) return;
      // Same contract as the real engine, so a pipeline that forgets to resample fails here too.
      if (frame.sampleRate !== 16000) throw new AppError("BAD_REQUEST", `scripted STT needs 16000 Hz audio, got ${frame.sampleRate} Hz`);
      heard += 1;
      while (said < interims.length && Date.now() - started >= interims[said]!.atMs) yield { type: "interim", text: interims[said++]!.text };
      if (utterance.fail && heard === utterance.failAfterFrames) throw utterance.fail;
    }
    if (signal?.aborted) return;
    if (utterance.fail) throw utterance.fail;
    if (utterance.finalDelayMs) await new Promise((resolve) => setTimeout(resolve, utterance.finalDelayMs));
    if (signal?.aborted || utterance.final === undefined) return;
    finals.push({ text: utterance.final, atMs: Date.now() });
    yield { type: "final", text: utterance.final };
  }

  return {
    name: options.name ?? "scripted-stt",
    sampleRate: 16000,
    get calls() {
      return calls;
    },
    finals,
    transcribe,
  };
}
