import { AppError } from "../core/errors";
import type { Logger } from "../core/log";
import type { PcmFrame, SpeechToText, SttEvent, StreamOptions } from "../core/ports";
import type { PrimaryHealth } from "./primary-health";
import { ReplayableFrames } from "./replayable-frames";

/**
 * STT failover with a hot standby: the standby (the local recogniser) hears
 * each utterance's audio as it arrives, beside the cloud primary, and its
 * results are held back. The primary's transcript is the one the caller gets;
 * the standby is stopped the moment the primary gives its final. When the
 * primary fails, the standby's latest interim and then its final follow at
 * once, instead of the standby starting late and decoding the utterance from
 * its first frame (the cold standby, failover.ts). A primary that hangs after
 * the caller stopped talking is given `finalGraceMs` past the standby's final,
 * then the standby's final is used, and the primary is followed in the
 * background (at most `judgeMs`) only to judge its health.
 *
 * A primary that lags (the standby has heard 2+ words more for `lagMs` and the
 * primary said nothing since) has its stale interim replaced by the
 * standby's: the end-of-turn decision reads the latest interim, and a hung
 * primary's "can you tell me a" would keep the caller waiting for the rest of
 * a sentence already spoken. Its final then gets only `laggingGraceMs`.
 *
 * The price is the standby's decoding on every utterance (measured in
 * docs/benchmarks.md, "STT hot standby"): the same work a cold standby does
 * on a failure, spread over the utterance, with no result awaited unless needed.
 */
export interface HotStandbyOptions {
  readonly health: PrimaryHealth;
  readonly log: Logger;
  /**
   * How long the primary's final is awaited once the caller's audio has ended
   * and the standby's final is ready. A cloud recogniser answers CloseStream
   * in a few hundred ms; past this a healthy-looking but silent primary costs
   * the caller a pause they notice.
   */
  readonly finalGraceMs: number;
  /** How long a primary that lost to the grace is still followed to judge its health. */
  readonly judgeMs: number;
  /**
   * How long the standby may have heard two or more words more than the
   * primary, with the primary silent all along, before the primary counts as
   * lagging: its transcript is then stale. A well cloud recogniser sends an
   * interim about once a second of audio (Deepgram), so this is longer than that.
   */
  readonly lagMs: number;
  /** The final's grace (instead of `finalGraceMs`) for a primary that was lagging when the audio ended. */
  readonly laggingGraceMs: number;
}

export function hotStandbyTranscribe(
  primary: SpeechToText,
  standby: SpeechToText,
  options: HotStandbyOptions,
  frames: AsyncIterable<PcmFrame>,
  { signal }: StreamOptions,
): AsyncIterable<SttEvent> {
  const { health } = options;
  return (async function* () {
    const utterance = new ReplayableFrames(frames[Symbol.asyncIterator]());
    const race = new Race();
    const primaryRun = linkedAbort(signal);
    const standbyRun = linkedAbort(signal);
    const lead = race.follow(primary.transcribe(utterance.reader(), { signal: primaryRun.signal }));
    const shadow = race.follow(standby.transcribe(utterance.reader(), { signal: standbyRun.signal }));
    let inputEndedAt: number | undefined;
    void utterance.sourceEnded.then(() => {
      inputEndedAt = Date.now();
      race.notify();
    });
    /** Unset while the primary's outcome is still to be recorded. */
    let judged = false;
    let judgeInBackground = false;
    const lag = new LagWatch(lead, shadow, options.lagMs);
    try {
      for (;;) {
        const event = lead.events.shift();
        if (event) {
          yield event;
          if (event.type === "final") {
            judged = true;
            health.succeeded();
            return;
          }
          continue;
        }
        if (signal?.aborted) return;
        const standbyInterim = lag.standbyInterimToShow();
        if (standbyInterim) {
          yield standbyInterim;
          continue;
        }
        if (lead.failure) {
          // The caller's audio broke, not the engine: nothing to fail over from.
          if (utterance.sourceFailure) throw AppError.from(utterance.sourceFailure.error);
          judged = true;
          health.failed(lead.failure.error, lead.saidAnything ? "mid-stream" : "before output", { standbyMode: "hot" });
          break;
        }
        if (lead.ended) {
          judged = true;
          health.succeeded();
          return;
        }
        const graceMs = lag.laggingAt(inputEndedAt) ? options.laggingGraceMs : options.finalGraceMs;
        const graceLeftMs = inputEndedAt === undefined || !shadow.final ? undefined : inputEndedAt + graceMs - Date.now();
        if (graceLeftMs !== undefined && graceLeftMs <= 0) {
          options.log.info("stt standby answered first", { primary: primary.name, standby: standby.name, waitedMs: Date.now() - inputEndedAt!, lagging: graceMs === options.laggingGraceMs });
          judgeInBackground = true;
          break;
        }
        const lagCheckMs = lag.nextLookInMs();
        await race.changed(graceLeftMs === undefined ? lagCheckMs : lagCheckMs === undefined ? graceLeftMs : Math.min(graceLeftMs, lagCheckMs));
      }

      // The standby takes over: what it has heard so far, then the rest as it comes.
      if (shadow.failure) {
        // The hot standby had failed already: one more try from the start, as a cold standby would.
        yield* afterBoth(standby.transcribe(utterance.reader(), { signal }), lead.failure?.error, signal);
        return;
      }
      yield* takeOver(shadow, race, lead.failure?.error, signal);
    } finally {
      standbyRun.abort();
      if (judgeInBackground) judgeLater(lead, primaryRun, options);
      else {
        primaryRun.abort();
        // A caller abort (hang-up, barge-in) says nothing about the primary's health.
        if (!judged) health.released();
      }
      utterance.close();
    }
  })();
}

/** The standby's latest interim (or its final, if ready), then the rest as it comes. */
async function* takeOver(shadow: Lane, race: Race, primaryError: unknown, signal: AbortSignal | undefined): AsyncIterable<SttEvent> {
  const latest = shadow.events.filter((e) => e.type === "interim").at(-1);
  shadow.events.splice(0, shadow.events.length, ...(shadow.final ? [shadow.final] : latest ? [latest] : []));
  for (;;) {
    const event = shadow.events.shift();
    if (event) {
      yield event;
      if (event.type === "final") return;
      continue;
    }
    if (signal?.aborted) return;
    if (shadow.failure) throw bothFailed(primaryError, shadow.failure.error);
    if (shadow.ended) return;
    await race.changed(undefined);
  }
}

/** Follows a primary that lost to the grace until it ends, to record whether it was well. */
function judgeLater(lead: Lane, run: AbortController, { health, judgeMs }: HotStandbyOptions): void {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    run.abort();
  }, judgeMs);
  void lead.settled.then(() => {
    clearTimeout(timer);
    if (lead.final) health.succeeded();
    else if (timedOut) {
      health.failed(new AppError("TIMEOUT", `no final ${judgeMs} ms after the standby gave its own`, { retryable: true }), "hung", { standbyMode: "hot" });
    } else if (lead.failure) health.failed(lead.failure.error, "after the standby answered", { standbyMode: "hot" });
    else health.released();
  });
}

/** The engines' transcripts as they stream in; `changed` wakes the reader on any news. */
class Race {
  private wake: (() => void) | undefined;

  follow(stream: AsyncIterable<SttEvent>): Lane {
    return new Lane(stream, () => this.notify());
  }

  notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Resolves on the next news, or after `timeoutMs` when given. */
  changed(timeoutMs: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(resolve, timeoutMs);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** One engine's run over the utterance: unread events, its final, and how it ended. */
class Lane {
  readonly events: SttEvent[] = [];
  final: SttEvent | undefined;
  /** The latest interim's text, its word count, and when it came (the lane's start until then). */
  latestInterim = "";
  latestInterimWords = 0;
  lastEventAtMs = Date.now();
  saidAnything = false;
  ended = false;
  failure: { error: unknown } | undefined;
  readonly settled: Promise<void>;

  constructor(stream: AsyncIterable<SttEvent>, notify: () => void) {
    this.settled = (async () => {
      try {
        for await (const event of stream) {
          this.saidAnything = true;
          this.lastEventAtMs = Date.now();
          if (event.type === "final") this.final = event;
          else {
            this.latestInterim = event.text;
            this.latestInterimWords = wordCount(event.text);
          }
          this.events.push(event);
          notify();
        }
        this.ended = true;
      } catch (error) {
        this.failure = { error };
      }
      notify();
    })();
  }
}

/**
 * Whether the primary lags behind the standby: the standby's interim has had
 * two or more words more than the primary's latest for `lagMs`, with nothing
 * from the primary since. While it lags, the standby's newer interims are shown.
 */
class LagWatch {
  /** When the standby got ahead of the primary's latest event; unset while it is not. */
  private aheadSinceMs: number | undefined;
  private shown = "";
  private shownAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly lead: Lane,
    private readonly shadow: Lane,
    private readonly lagMs: number,
  ) {}

  /** Lagging at `atMs` (for the final's grace: when the audio ended). */
  laggingAt(atMs: number | undefined): boolean {
    if (atMs === undefined) return false;
    // A standby interim was shown and the primary has said nothing since.
    if (this.shownAtMs > this.lead.lastEventAtMs) return true;
    this.look();
    return this.aheadSinceMs !== undefined && atMs - this.aheadSinceMs >= this.lagMs;
  }

  /** The standby's newer interim, when the primary lags. */
  standbyInterimToShow(): SttEvent | undefined {
    if (this.shadow.final || this.lead.final) return undefined;
    const text = this.shadow.latestInterim;
    if (text === this.shown || !this.laggingAt(Date.now())) return undefined;
    this.shown = text;
    this.shownAtMs = Date.now();
    return { type: "interim", text };
  }

  /** How long until a lag becomes due (to look again then); undefined when none is pending. */
  nextLookInMs(): number | undefined {
    this.look();
    if (this.aheadSinceMs === undefined) return undefined;
    const leftMs = this.aheadSinceMs + this.lagMs - Date.now();
    return leftMs > 0 ? leftMs : undefined;
  }

  private look(): void {
    const { lead, shadow } = this;
    // Two words: two recognisers often split the same speech into one word more or less.
    const ahead = shadow.lastEventAtMs > lead.lastEventAtMs && shadow.latestInterimWords >= lead.latestInterimWords + 2;
    // Looked at on every event of either lane, so the standby's latest event is the one that put it ahead.
    if (!ahead) this.aheadSinceMs = undefined;
    else this.aheadSinceMs ??= shadow.lastEventAtMs;
  }
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function linkedAbort(signal: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  if (signal?.aborted) controller.abort(signal.reason);
  else signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller;
}

async function* afterBoth(stream: AsyncIterable<SttEvent>, primaryError: unknown, signal: AbortSignal | undefined): AsyncIterable<SttEvent> {
  try {
    yield* stream;
  } catch (error) {
    if (signal?.aborted) return;
    throw bothFailed(primaryError, error);
  }
}

export function bothFailed(primaryError: unknown, standbyError: unknown): AppError {
  const second = AppError.from(standbyError);
  const first = primaryError instanceof Error ? primaryError.message : String(primaryError);
  return new AppError(second.code, `primary and standby both failed: ${first}; then ${second.message}`, {
    retryable: second.retryable,
    cause: standbyError,
  });
}
