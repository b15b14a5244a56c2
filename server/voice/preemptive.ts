import type { ReplyEvent } from "../core/dialogue/dialogue";
import { ReplayBuffer } from "./replay-buffer";
import type { TurnController } from "./turn-controller";

/** Starts the dialogue on `text`; `commit` says later whether the turn is kept (saved) or discarded. */
export type StartReply = (text: string, signal: AbortSignal, commit: Promise<boolean>) => AsyncIterable<ReplyEvent>;

interface Speculation {
  readonly utteranceId: string;
  readonly text: string;
  readonly abort: AbortController;
  readonly keep: (kept: boolean) => void;
  readonly reply: ReplayBuffer<ReplyEvent>;
}

/**
 * The preemptive-reply policy: while the end of turn is being decided, the
 * reply is already generated from the interim transcript; it is kept only if
 * the final transcript says exactly the same, and then played from the start.
 * Otherwise it is aborted and its dialogue state is never saved.
 */
export class PreemptiveReplies {
  private speculation: Speculation | undefined;

  constructor(private readonly start: StartReply) {}

  /** The VAD proposed an end of turn on `text`: start answering it. */
  proposed(utteranceId: string, text: string): void {
    if (!normalise(text)) return;
    this.drop();
    const abort = new AbortController();
    let keep: (kept: boolean) => void = () => undefined;
    const commit = new Promise<boolean>((resolve) => (keep = resolve));
    this.speculation = { utteranceId, text, abort, keep, reply: new ReplayBuffer(this.start(text, abort.signal, commit)) };
  }

  /** The caller went on speaking: the turn is not over, the reply started early is wrong. */
  resumed(utteranceId: string): void {
    if (this.speculation?.utteranceId === utteranceId) this.drop();
  }

  /**
   * The turn is final: the reply started early when it answered exactly these
   * words (from then on it follows `turn`'s signal), else undefined.
   */
  take(utteranceId: string, finalText: string, turn: TurnController): AsyncIterable<ReplyEvent> | undefined {
    const speculation = this.speculation;
    if (speculation?.utteranceId !== utteranceId || normalise(speculation.text) !== normalise(finalText)) {
      this.drop();
      return undefined;
    }
    this.speculation = undefined;
    speculation.keep(true);
    turn.onAbort(() => speculation.abort.abort());
    return speculation.reply.replay();
  }

  /** Discards the reply started early, if any (unsaved). */
  drop(): void {
    const speculation = this.speculation;
    if (!speculation) return;
    this.speculation = undefined;
    speculation.abort.abort();
    speculation.keep(false);
  }
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/\s+/g, " ").trim();
}
