/**
 * Pauses agent playback without losing its place: the channel's play loop
 * waits on the gate before each frame. Barge-in closes the gate at the first
 * sign of user speech; a false interruption opens it again and the agent
 * resumes mid-sentence, a real one aborts the reply.
 */
export class PlaybackGate {
  private waiters: (() => void)[] = [];
  private closedAt: number | undefined;

  get isOpen(): boolean {
    return this.closedAt === undefined;
  }

  close(): void {
    this.closedAt ??= Date.now();
  }

  open(): void {
    this.closedAt = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Resolves when the gate is open (at once if it is), or when the signal aborts. */
  opened(signal?: AbortSignal): Promise<void> {
    if (this.isOpen || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      signal?.addEventListener("abort", () => resolve(), { once: true });
    });
  }
}
