/**
 * The silence policy: after the agent has finished speaking and the caller
 * says nothing for `silenceMs`, ask once whether they are still there; after a
 * second silence, say goodbye and end. The clock runs only while the line is
 * quiet on both sides: it is paused while the agent speaks and while the
 * caller speaks, and it stops for good once the caller has left (a reprompt
 * never goes to an empty room).
 */
export class SilenceReprompter {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private prompts = 0;
  private stopped = false;

  constructor(
    private readonly silenceMs: number,
    private readonly reprompt: (which: "still-there" | "goodbye") => void,
  ) {}

  /** The line went quiet (the agent finished a reply): start counting. */
  resume(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.prompts += 1;
      this.reprompt(this.prompts === 1 ? "still-there" : "goodbye");
    }, this.silenceMs);
  }

  /** Someone is speaking (the agent or the caller): no silence is being counted. */
  pause(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The caller said something: the next silence starts over at "still there?". */
  heardCaller(): void {
    this.prompts = 0;
  }

  /** The conversation is over or the caller has gone. */
  stop(): void {
    this.stopped = true;
    this.pause();
  }

  get counting(): boolean {
    return this.timer !== undefined;
  }
}
