/**
 * Consumes a stream as soon as it is created and lets one reader replay it
 * from the start later, then follow it live: a preemptive reply is generated
 * while the caller's turn is still being decided, and played only if kept.
 */
export class ReplayBuffer<T> {
  private readonly items: T[] = [];
  private done = false;
  private failure: unknown;
  private wake: (() => void) | undefined;

  constructor(source: AsyncIterable<T>) {
    void (async () => {
      try {
        for await (const item of source) {
          this.items.push(item);
          this.wake?.();
        }
      } catch (error) {
        this.failure = error ?? new Error("stream failed");
      } finally {
        this.done = true;
        this.wake?.();
      }
    })();
  }

  async *replay(): AsyncIterable<T> {
    for (let i = 0; ; i++) {
      while (i >= this.items.length && !this.done) await new Promise<void>((resolve) => (this.wake = resolve));
      if (i < this.items.length) {
        yield this.items[i] as T;
        continue;
      }
      if (this.failure !== undefined) throw this.failure;
      return;
    }
  }
}
