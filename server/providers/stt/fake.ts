import { AppError } from "../../core/errors";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../../core/ports";

/**
 * One utterance of a scripted STT. A plain string is the final transcript,
 * said once the utterance's audio ends. The object form scripts the rest:
 * - `interims`: partial transcripts, each said on the first frame that
 *   arrives at least `atMs` after the utterance started (default 0);
 * - `final` (default none) said `finalDelayMs` after the audio ends;
 * - `fail`: thrown instead, after `failAfterFrames` frames (default: once
 *   the audio ends), after any interims due by then;
 * - `hangAfterFrames`: once it has heard that many frames it says nothing
 *   more (no interims, no final) and ends only when aborted, as a server that
 *   stopped answering with the connection still open.
 */
export type ScriptedUtterance =
  | string
  | {
      readonly interims?: readonly (string | { readonly text: string; readonly atMs: number })[];
      readonly final?: string;
      readonly finalDelayMs?: number;
      readonly fail?: Error;
      readonly failAfterFrames?: number;
      readonly hangAfterFrames?: number;
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
  /** Per utterance: frames heard, and how it ended (unset while it runs). */
  readonly utterances: { framesHeard: number; startedAtMs: number; ended?: "final" | "no final" | "aborted" | "failed" }[];
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
  const utterances: ScriptedStt["utterances"] = [];

  async function* transcribe(frames: AsyncIterable<PcmFrame>, { signal }: StreamOptions = {}): AsyncIterable<SttEvent> {
    const index = calls++;
    const entry = index < script.length || afterScript === "repeat" ? script[index % script.length] : undefined;
    const utterance = typeof entry === "string" ? { final: entry } : (entry ?? {});
    const interims = (utterance.interims ?? []).map((i) => (typeof i === "string" ? { text: i, atMs: 0 } : i));
    const started = Date.now();
    const record: ScriptedStt["utterances"][number] = { framesHeard: 0, startedAtMs: started };
    utterances.push(record);
    const hangs = (heard: number) => utterance.hangAfterFrames !== undefined && heard >= utterance.hangAfterFrames;
    let said = 0;
    try {
      for await (const frame of frames) {
        if (signal?.aborted) return;
        // Same contract as the real engine, so a pipeline that forgets to resample fails here too.
        if (frame.sampleRate !== 16000) throw new AppError("BAD_REQUEST", `scripted STT needs 16000 Hz audio, got ${frame.sampleRate} Hz`);
        record.framesHeard += 1;
        if (hangs(record.framesHeard)) continue;
        while (said < interims.length && Date.now() - started >= interims[said]!.atMs) yield { type: "interim", text: interims[said++]!.text };
        if (utterance.fail && record.framesHeard === utterance.failAfterFrames) throw utterance.fail;
      }
      if (signal?.aborted) return;
      if (utterance.hangAfterFrames !== undefined) {
        await new Promise((resolve) => signal?.addEventListener("abort", resolve, { once: true }));
        return;
      }
      if (utterance.fail) throw utterance.fail;
      if (utterance.finalDelayMs) await new Promise((resolve) => setTimeout(resolve, utterance.finalDelayMs));
      if (signal?.aborted) return;
      if (utterance.final === undefined) {
        record.ended = "no final";
        return;
      }
      finals.push({ text: utterance.final, atMs: Date.now() });
      record.ended = "final";
      yield { type: "final", text: utterance.final };
    } catch (error) {
      record.ended = "failed";
      throw error;
    } finally {
      // Returned early: aborted, or its reader stopped listening.
      record.ended ??= "aborted";
    }
  }

  return {
    name: options.name ?? "scripted-stt",
    sampleRate: 16000,
    get calls() {
      return calls;
    },
    finals,
    utterances,
    transcribe,
  };
}
