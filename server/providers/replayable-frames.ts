import type { PcmFrame } from "../core/ports";

/**
 * One utterance's frames, kept as they are pulled from the source so that
 * any number of readers can each hear it from the start: the hot standby
 * listens beside the primary, a cold one replays what the primary heard.
 * Readers share one pull at a time; a reader that is abandoned mid-wait does
 * not steal frames.
 */
export class ReplayableFrames {
  private readonly frames: PcmFrame[] = [];
  private ended = false;
  private failure: { error: unknown } | undefined;
  private pulling: Promise<void> | undefined;
  private markEnded!: () => void;
  /** Settles when the source has ended or failed (not on close()): the caller has stopped talking. */
  readonly sourceEnded = new Promise<void>((resolve) => (this.markEnded = resolve));

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
        if (result.done) {
          this.ended = true;
          this.markEnded();
        } else this.frames.push(result.value);
        this.pulling = undefined;
      },
      (error: unknown) => {
        this.failure = { error };
        this.pulling = undefined;
        this.markEnded();
      },
    );
    return this.pulling;
  }
}
