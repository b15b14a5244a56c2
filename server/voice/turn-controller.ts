import { PlaybackGate } from "./playback-gate";
import type { SpokenReply } from "./speaker";

/** Why a reply was cut short; logged, and "done" is the quiet end of a reply that played out. */
export type CutReason = "barge-in" | "keypad" | "caller-left" | "time-limit";

/**
 * One agent turn's lifetime: the single `AbortSignal` that the dialogue (and
 * through it the LLM request and any tool), the sentence chunker, TTS and
 * playback all race, plus the playback gate that pauses it without losing its
 * place. Cutting the turn stops every stage at once; the session ending does
 * too, since the turn's signal follows the session's.
 */
export class TurnController {
  private readonly controller = new AbortController();
  readonly gate = new PlaybackGate();
  private cutAt: number | undefined;
  private readonly unlink: () => void;

  constructor(
    readonly reply: SpokenReply,
    session: AbortSignal,
  ) {
    const onSessionEnd = () => this.controller.abort();
    if (session.aborted) this.controller.abort();
    else session.addEventListener("abort", onSessionEnd, { once: true });
    this.unlink = () => session.removeEventListener("abort", onSessionEnd);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True once the turn was cut or finished: nothing more of it may start. */
  get over(): boolean {
    return this.controller.signal.aborted;
  }

  /** When it was cut (barge-in decision, key press, leave), if it was. */
  get cutAtMs(): number | undefined {
    return this.cutAt;
  }

  /** Holds playback where it is (the caller may be interrupting). */
  pause(): void {
    this.gate.close();
  }

  /** Lets playback go on from where it was held (the interruption was not one). */
  resume(): void {
    this.gate.open();
  }

  /**
   * Stops the turn for good: LLM, TTS and queued audio through the one signal.
   * The reply is kept as far as it was heard. False when it was already over.
   */
  cut(reason: CutReason): boolean {
    if (this.over) return false;
    this.cutAt = Date.now();
    this.reply.interrupted = true;
    this.controller.abort(reason);
    // A held gate would keep the play loop waiting on a reply that is gone.
    this.gate.open();
    return true;
  }

  /** Runs `stop` when the turn's signal aborts (a preemptive reply started before the turn existed). */
  onAbort(stop: () => void): void {
    if (this.over) stop();
    else this.controller.signal.addEventListener("abort", stop, { once: true });
  }

  /** The reply has been spoken (or cut): whatever still runs for it (a trailing LLM read) stops, quietly. */
  finish(): void {
    this.unlink();
    if (!this.over) this.controller.abort("done");
    this.gate.open();
  }
}
