import { AppError } from "../core/errors";
import type { Logger } from "../core/log";
import { CircuitBreaker } from "../core/resilience";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions, TextToSpeech } from "../core/ports";

/**
 * Engine failover: keeps a call alive when a cloud speech engine fails: the same request goes
 * to the standby (the local engine), the primary is skipped for `cooldownMs`,
 * and the first call after that probes it again; a success puts it back.
 *
 * - STT: every frame of the utterance is kept as it passes to the primary,
 *   so whenever the primary fails (before or after interim results), the
 *   standby hears the utterance from its first frame, then the live rest,
 *   and its final is the one emitted. Interims may restart from the standby.
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

export function failoverStt(primary: SpeechToText, standby: SpeechToText, options: FailoverOptions): SpeechToText {
  assertSameRate("STT", primary, standby);
  const health = new PrimaryHealth("stt", primary.name, standby.name, options);
  return {
    name: `${primary.name}|${standby.name}`,
    sampleRate: primary.sampleRate,
    async *transcribe(frames: AsyncIterable<PcmFrame>, streamOptions: StreamOptions = {}): AsyncIterable<SttEvent> {
      const { signal } = streamOptions;
      if (health.skipPrimary()) {
        yield* only(standby.transcribe(frames, streamOptions));
        return;
      }
      const utterance = new ReplayableFrames(frames[Symbol.asyncIterator]());
      let primaryError: unknown;
      let sawEvent = false;
      try {
        try {
          for await (const event of primary.transcribe(utterance.reader(), streamOptions)) {
            sawEvent = true;
            yield event;
            // The utterance is settled: a failure after this is not worth a second transcript.
            if (event.type === "final") {
              health.succeeded();
              return;
            }
          }
          if (!signal?.aborted) health.succeeded();
          return;
        } catch (error) {
          if (signal?.aborted) return;
          // The caller's audio broke, not the engine: nothing to fail over from.
          if (utterance.sourceFailure) throw AppError.from(utterance.sourceFailure.error);
          primaryError = error;
        }
        health.failed(primaryError, sawEvent ? "mid-stream" : "before output");
        yield* backup(standby.transcribe(utterance.reader(), streamOptions), primaryError, signal);
      } finally {
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
      try {
        for await (const frame of primary.synthesize(text, streamOptions)) {
          played += 1;
          yield frame;
        }
        if (signal?.aborted) return;
        if (played === 0 && /[\p{L}\p{N}]/u.test(text)) {
          throw new AppError("PROVIDER_ERROR", `${primary.name} returned no audio`, { retryable: true });
        }
        health.succeeded();
        return;
      } catch (error) {
        if (signal?.aborted) return;
        primaryError = error;
      }
      health.failed(primaryError, played > 0 ? "mid-stream" : "before output", { framesPlayed: played });
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
    const second = AppError.from(error);
    throw new AppError(
      second.code,
      `primary and standby both failed: ${messageOf(primaryError)}; then ${second.message}`,
      { retryable: second.retryable, cause: error },
    );
  }
}

/**
 * The primary's health: the shared circuit breaker (core/resilience.ts) that opens on the first
 * failure, so the next calls go straight to the standby for `cooldownMs`, then one probes the primary.
 */
class PrimaryHealth {
  private readonly breaker: CircuitBreaker;
  private failing = false;

  constructor(
    private readonly kind: "stt" | "tts",
    private readonly primary: string,
    private readonly standby: string,
    private readonly options: FailoverOptions,
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: options.cooldownMs, now: options.now });
  }

  /** True while cooling down; once it is over, a call probes the primary again. */
  skipPrimary(): boolean {
    return this.breaker.admit() === "skip";
  }

  failed(error: unknown, phase: "before output" | "mid-stream", fields: Record<string, unknown> = {}): void {
    const wasFailing = this.failing;
    this.failing = true;
    this.breaker.failed();
    const appError = AppError.from(error);
    this.options.log.warn(wasFailing ? `${this.kind} primary probe failed` : `${this.kind} primary failed, switching to standby`, {
      primary: this.primary,
      standby: this.standby,
      phase,
      code: appError.code,
      retryable: appError.retryable,
      error: appError.message,
      cooldownMs: this.options.cooldownMs,
      ...fields,
    });
  }

  succeeded(): void {
    this.breaker.succeeded();
    if (!this.failing) return;
    this.failing = false;
    this.options.log.info(`${this.kind} primary recovered`, { primary: this.primary });
  }
}

/**
 * One utterance's frames, kept as they are pulled from the source so that
 * any number of readers can each hear it from the start. Readers share one
 * pull at a time; a reader that is abandoned mid-wait does not steal frames.
 */
class ReplayableFrames {
  private readonly frames: PcmFrame[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pulling: Promise<void> | undefined;

  constructor(private readonly source: AsyncIterator<PcmFrame>) {}

  /** Set when the caller's own frame stream threw. */
  get sourceFailure(): { error: unknown } | undefined {
    return this.failure;
  }

  reader(): AsyncIterable<PcmFrame> {
    const frames = this.frames;
    const pull = () => this.pull();
    const state = () => ({ ended: this.ended, failure: this.failure });
    return {
      async *[Symbol.asyncIterator]() {
        for (let next = 0; ; ) {
          const frame = frames[next];
          if (frame) {
            next += 1;
            yield frame;
            continue;
          }
          const { ended, failure } = state();
          if (failure) throw failure.error;
          if (ended) return;
          await pull();
        }
      },
    };
  }

  /** Lets go of the source if it is still open; not awaited (a pending next() may never settle). */
  close(): void {
    if (this.ended || this.failure) return;
    this.ended = true;
    void this.source.return?.()?.catch(() => undefined);
  }

  private pull(): Promise<void> {
    this.pulling ??= this.source.next().then(
      (result) => {
        if (result.done) this.ended = true;
        else this.frames.push(result.value);
        this.pulling = undefined;
      },
      (error: unknown) => {
        this.failure = { error };
        this.pulling = undefined;
      },
    );
    return this.pulling;
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
