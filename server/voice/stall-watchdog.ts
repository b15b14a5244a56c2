/**
 * The stall policy: after the agent was cut off and nothing usable followed
 * (noise, an utterance with no words), the line must not go silent. Once
 * armed, if `stallMs` pass with nobody speaking, the agent asks again.
 * Anything that happens next (a turn, a reprompt, the end) clears it.
 */
export class StallWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly stallMs: number,
    /** Whether the line is quiet now (nobody speaking, the caller still there). */
    private readonly quiet: () => boolean,
    private readonly speakUp: () => void,
  ) {}

  arm(): void {
    this.clear();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.quiet()) this.speakUp();
    }, this.stallMs);
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  get armed(): boolean {
    return this.timer !== undefined;
  }
}
