import type { Logger } from "../core/log";
import { isBackchannel, meaningfulWords } from "./backchannel";
import type { Utterance } from "./listener";
import type { TurnController } from "./turn-controller";

export interface InterruptionStats {
  interruptions: number;
  falseInterruptions: number;
  /** ms from the barge-in decision to agent audio stopping, per interruption. */
  bargeInCancelMs: number[];
}

export interface BargeInDeps {
  /** The reply being spoken now, if any. */
  readonly speaking: () => TurnController | undefined;
  readonly stats: InterruptionStats;
  readonly log: Logger;
  /** Playback was held (the client shows "listening") or let go on ("speaking"). */
  readonly onHeld: () => void;
  readonly onResumed: () => void;
}

interface Pending {
  readonly utteranceId: string;
  readonly turn: TurnController;
  readonly timer: ReturnType<typeof setTimeout>;
  confirmed: boolean;
}

/**
 * The barge-in policy, with its false-interruption resume: user speech over
 * the agent holds playback at once; it becomes a real interruption (the turn
 * is cut: LLM, TTS and queued audio through its one signal) after
 * `minSpeechMs` of speech or at the first meaningful word, and an utterance
 * that ends before that — a cough, "mm-hmm" — lets the agent go on from
 * where it was held. A key press cuts at once, as on any phone menu.
 */
export class BargeIn {
  private pending: Pending | undefined;

  constructor(
    private readonly minSpeechMs: number,
    private readonly deps: BargeInDeps,
  ) {}

  /** The caller started speaking. */
  speechStarted(utteranceId: string): void {
    const turn = this.deps.speaking();
    if (!turn || turn.over || this.pending) return;
    // Hold at once; whether it is a real interruption is decided in a moment.
    turn.pause();
    this.deps.onHeld();
    this.pending = { utteranceId, turn, confirmed: false, timer: setTimeout(() => this.confirm("speech duration"), this.minSpeechMs) };
  }

  /** An interim transcript: a meaningful word over the agent is an interruption, whatever its length. */
  heard(utteranceId: string, text: string): void {
    if (this.pending?.utteranceId === utteranceId && meaningfulWords(text) > 0) this.confirm("recognised words");
  }

  /**
   * The caller's utterance ended. `answer` is called (now, or once its words
   * are known) when it is a turn to answer; not when it was a false
   * interruption and the agent resumed instead.
   */
  utteranceEnded(utterance: Utterance, answer: () => void): void {
    const pending = this.pending?.utteranceId === utterance.id ? this.pending : undefined;
    if (!pending || pending.confirmed) {
      answer();
      return;
    }
    void utterance.transcript.then(
      ({ text }) => {
        if (this.pending !== pending) return;
        if (!text || isBackchannel(text)) this.resume(pending, text);
        else {
          this.confirm("short but meaningful");
          answer();
        }
      },
      () => pending.turn.resume(),
    );
  }

  /** A keypad press: cuts the reply unless an interruption is already being decided. */
  keyPressed(): void {
    const turn = this.deps.speaking();
    if (!turn || this.pending) return;
    if (turn.cut("keypad")) this.counted(turn, "keypad");
  }

  /** The reply ended (or the caller left): whatever interruption was pending belonged to it. */
  clear(): void {
    if (!this.pending) return;
    clearTimeout(this.pending.timer);
    this.pending = undefined;
  }

  private confirm(why: string): void {
    const pending = this.pending;
    if (!pending || pending.confirmed) return;
    pending.confirmed = true;
    clearTimeout(pending.timer);
    if (pending.turn.cut("barge-in")) this.counted(pending.turn, why);
  }

  private counted(turn: TurnController, why: string): void {
    const decidedAt = turn.cutAtMs ?? Date.now();
    const { stats } = this.deps;
    stats.interruptions += 1;
    void turn.reply.stopped.then((at) => stats.bargeInCancelMs.push(Math.max(0, at - decidedAt)));
    this.deps.log.info("barge-in", { why });
  }

  private resume(pending: Pending, heard: string): void {
    clearTimeout(pending.timer);
    this.pending = undefined;
    this.deps.stats.falseInterruptions += 1;
    // Lengths only: logs are kept longer and read more widely than transcripts.
    this.deps.log.info("false interruption; resuming", { heardChars: heard.length });
    pending.turn.resume();
    this.deps.onResumed();
  }
}
