import { AppError } from "../core/errors";
import type { Logger } from "../core/log";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions, TextToSpeech } from "../core/ports";
import { PrimaryHealth } from "./primary-health";
import { ReplayableFrames } from "./replayable-frames";
import { bothFailed, hotStandbyTranscribe } from "./stt-hot-standby";

/**
 * Engine failover: keeps a call alive when a cloud speech engine fails: the same request goes
 * to the standby (the local engine), the primary is skipped for `cooldownMs`,
 * and the first call after that probes it again; a success puts it back.
 *
 * - STT, hot standby (the default): the standby hears every utterance beside
 *   the primary and takes over at once (stt-hot-standby.ts).
 * - STT, cold standby: every frame of the utterance is kept as it passes to
 *   the primary, so whenever the primary fails (before or after interim
 *   results), the standby hears the utterance from its first frame, then the
 *   live rest, and its final is the one emitted. Interims may restart from the
 *   standby. Nothing runs beside the primary, so nothing is spent while it is well.
 * - TTS: if the primary fails before its first frame, the standby speaks
 *   the text. If it fails mid-stream, the standby speaks the same text from
 *   the start: the listener hears the sentence begin again. The pipeline
 *   synthesizes sentence by sentence, so at most one sentence repeats.
 *   A primary that returns no audio for speakable text counts as failed.
 *
 * A caller abort ends quietly and judges nobody. Only when the standby fails
 * too does the error reach the pipeline.
 */
export interface FailoverOptions {
  /** How long a failed primary is skipped before the next call probes it again. */
  readonly cooldownMs: number;
  readonly log: Logger;
  /** Clock for the cooldown; injectable for tests. */
  readonly now?: () => number;
}

export type SttStandby = "hot" | "cold";

export interface SttFailoverOptions extends FailoverOptions {
  /** `hot` (default): the standby listens to every utterance; `cold`: it starts when the primary fails. */
  readonly standby?: SttStandby;
  /** Hot standby: how long the primary's final is awaited after the audio ends once the standby's is ready (stt-hot-standby.ts). */
  readonly finalGraceMs?: number;
  /** Hot standby: how long a primary that lost to the grace is followed to judge its health. */
  readonly judgeMs?: number;
}

/**
 * A cloud recogniser answers the end of the audio within a few hundred ms (its
 * final is due then anyway); 600 ms more than that is where a turn gap starts
 * to feel like a stall, so the standby's final is used from there.
 */
export const STT_FINAL_GRACE_MS = 800;
/**
 * Standby 2+ words ahead and the primary silent this long: the primary's interim is stale
 * (stt-hot-standby.ts). Deepgram sends an interim about once a second of audio: half again that.
 */
export const STT_LAG_MS = 1500;
/** The final's grace for a primary that lagged: it has shown it is not keeping up, so its final is not waited for long. */
export const STT_LAGGING_GRACE_MS = 300;

export function failoverStt(primary: SpeechToText, standby: SpeechToText, options: SttFailoverOptions): SpeechToText {
  assertSameRate("STT", primary, standby);
  const health = new PrimaryHealth("stt", primary.name, standby.name, options);
  const hot = {
    health,
    log: options.log,
    finalGraceMs: options.finalGraceMs ?? STT_FINAL_GRACE_MS,
    judgeMs: options.judgeMs ?? 10_000,
    lagMs: STT_LAG_MS,
    laggingGraceMs: STT_LAGGING_GRACE_MS,
  };
  return {
    name: `${primary.name}|${standby.name}`,
    sampleRate: primary.sampleRate,
    async *transcribe(frames: AsyncIterable<PcmFrame>, streamOptions: StreamOptions = {}): AsyncIterable<SttEvent> {
      const { signal } = streamOptions;
      if (health.skipPrimary()) {
        yield* only(standby.transcribe(frames, streamOptions));
        return;
      }
      if ((options.standby ?? "hot") === "hot") {
        yield* hotStandbyTranscribe(primary, standby, hot, frames, streamOptions);
        return;
      }
      const utterance = new ReplayableFrames(frames[Symbol.asyncIterator]());
      let primaryError: unknown;
      let sawEvent = false;
      let judged = false;
      try {
        try {
          for await (const event of primary.transcribe(utterance.reader(), streamOptions)) {
            sawEvent = true;
            yield event;
            // The utterance is settled: a failure after this is not worth a second transcript.
            if (event.type === "final") {
              judged = true;
              health.succeeded();
              return;
            }
          }
          if (signal?.aborted) return;
          judged = true;
          health.succeeded();
          return;
        } catch (error) {
          if (signal?.aborted) return;
          // The caller's audio broke, not the engine: nothing to fail over from.
          if (utterance.sourceFailure) throw AppError.from(utterance.sourceFailure.error);
          primaryError = error;
        }
        judged = true;
        health.failed(primaryError, sawEvent ? "mid-stream" : "before output", { standbyMode: "cold" });
        yield* backup(standby.transcribe(utterance.reader(), streamOptions), primaryError, signal);
      } finally {
        // A caller abort (hang-up, barge-in) says nothing about the primary; a probe must not stay in flight.
        if (!judged) health.released();
        utterance.close();
      }
    },
  };
}

export function failoverTts(primary: TextToSpeech, standby: TextToSpeech, options: FailoverOptions): TextToSpeech {
  assertSameRate("TTS", primary, standby);
  const health = new PrimaryHealth("tts", primary.name, standby.name, options);
  return {
    name: `${primary.name}|${standby.name}`,
    sampleRate: primary.sampleRate,
    async *synthesize(text: string, streamOptions: StreamOptions = {}): AsyncIterable<PcmFrame> {
      const { signal } = streamOptions;
      if (health.skipPrimary()) {
        yield* only(standby.synthesize(text, streamOptions));
        return;
      }
      let primaryError: unknown;
      let played = 0;
      let judged = false;
      try {
        try {
          for await (const frame of primary.synthesize(text, streamOptions)) {
            played += 1;
            yield frame;
          }
          if (signal?.aborted) return;
          if (played === 0 && /[\p{L}\p{N}]/u.test(text)) {
            throw new AppError("PROVIDER_ERROR", `${primary.name} returned no audio`, { retryable: true });
          }
          judged = true;
          health.succeeded();
          return;
        } catch (error) {
          if (signal?.aborted) return;
          primaryError = error;
        }
        judged = true;
        health.failed(primaryError, played > 0 ? "mid-stream" : "before output", { framesPlayed: played });
      } finally {
        // Barge-in stops reading mid-sentence: that says nothing about the primary, and a probe must not stay in flight.
        if (!judged) health.released();
      }
      yield* backup(standby.synthesize(text, streamOptions), primaryError, signal);
    },
  };
}

/** The standby alone (primary cooling down): its errors reach the caller as AppErrors. */
async function* only<T>(stream: AsyncIterable<T>): AsyncIterable<T> {
  try {
    yield* stream;
  } catch (error) {
    throw AppError.from(error);
  }
}

/** The standby after the primary failed: if it fails too, one error names both. */
async function* backup<T>(stream: AsyncIterable<T>, primaryError: unknown, signal: AbortSignal | undefined): AsyncIterable<T> {
  try {
    yield* stream;
  } catch (error) {
    if (signal?.aborted) return;
    throw bothFailed(primaryError, error);
  }
}

function assertSameRate(kind: string, primary: { name: string; sampleRate: number }, standby: { name: string; sampleRate: number }): void {
  if (primary.sampleRate !== standby.sampleRate) {
    throw new AppError(
      "INTERNAL",
      `${kind} failover needs engines at one sample rate: ${primary.name} is ${primary.sampleRate} Hz, ${standby.name} is ${standby.sampleRate} Hz`,
    );
  }
}

