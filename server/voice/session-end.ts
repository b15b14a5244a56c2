import { END_REASONS, type SessionOutcome } from "../core/ports";
import type { SpokenReply } from "./speaker";

export interface SessionEnd {
  outcome: SessionOutcome;
  handoffSummary?: string;
  /** Why it ended (END_REASONS): the caller left, the agent ended it, a transfer. */
  endReason?: string;
  /** When the caller left, if that is how it ended. */
  callerLeftAtMs?: number;
}

/**
 * How a voice conversation ends, kept as its turns go by: answered or not,
 * handed over, ended by the agent, or left by the caller — with the caller
 * leaving mid-answer, or with something said and not answered, counting as
 * abandoned.
 */
export class SessionEndTracker {
  private outcome: SessionOutcome = "completed";
  private handoffSummary: string | undefined;
  private endReason: string | undefined;
  private answered = 0;
  private leftUnanswered = false;

  /** The agent said goodbye on its own (silence, time limit). */
  agentEnded(): void {
    this.endReason = END_REASONS.agentEnded;
  }

  /** The caller had left when this turn of theirs came up: stored, never answered. */
  unansweredAfterLeave(): void {
    this.leftUnanswered = true;
  }

  /** A reply that was under way when the caller left; `cutByLeave` if the leave cut it. */
  repliedAsCallerLeft(reply: SpokenReply, cutByLeave: boolean): void {
    // A goodbye that had started playing was said; any other reply cut by the leave was not.
    if (cutByLeave && !reply.end) this.leftUnanswered = true;
    if (!this.leftUnanswered) this.answered += 1;
  }

  /** A reply to the caller's turn. True when it ends the conversation (a goodbye, a phone transfer). */
  replied(reply: SpokenReply, transfersCalls: boolean): boolean {
    this.answered += 1;
    if (reply.handoffSummary) {
      this.outcome = "transferred";
      this.handoffSummary = reply.handoffSummary;
      // A phone call is handed over (REFER) and ends here; a web visitor has no line to
      // transfer, so the agent stays and the visitor can keep talking.
      if (transfersCalls) {
        this.endReason = END_REASONS.transferred;
        return true;
      }
    }
    if (reply.end) {
      this.endReason = END_REASONS.agentEnded;
      return true;
    }
    return false;
  }

  /**
   * The result once the loop is over. With no reason of its own, the
   * conversation ended because the caller's audio did (they left) — unless it
   * was stopped from outside (the worker shutting down).
   */
  result(callerLeftAtMs: number | undefined, stoppedFromOutside: boolean): SessionEnd {
    const gone = callerLeftAtMs !== undefined;
    const endReason = this.endReason ?? (gone || !stoppedFromOutside ? END_REASONS.callerLeft : undefined);
    let outcome = this.outcome;
    if (outcome === "completed" && (this.answered === 0 || (gone && this.leftUnanswered))) outcome = "abandoned";
    return { outcome, handoffSummary: this.handoffSummary, endReason, callerLeftAtMs };
  }
}
