import { AppError } from "../core/errors";
import type { Logger } from "../core/log";
import { withDeadline } from "../core/resilience";
import type { JournalRecord, WriteJournal } from "./write-journal";

/**
 * The writes of a live call, applied to the database one at a time in the
 * order they were made. A caller waits for its write at most `waitMs`; past
 * that it goes on (the call must not wait for Postgres) and the write stays
 * queued, retried with backoff until the database answers, still in order.
 * Writes must be idempotent: an attempt cut by its deadline may have landed.
 * With a journal, each write described by a record is also kept on disk
 * until it leaves the queue, so the process dying does not lose it.
 */
export interface WriteBehindOptions {
  readonly log: Logger;
  /** Deadline of one attempt (the pool's own query timeout is the backstop). */
  readonly attemptTimeoutMs: number;
  /** First retry delay; doubles up to `maxBackoffMs`. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  /** Keeps queued writes on disk until they land (write-journal.ts). */
  readonly journal?: WriteJournal;
}

interface Write {
  readonly label: string;
  readonly run: (signal: AbortSignal) => Promise<unknown>;
  readonly settle: (outcome: { ok: true; value: unknown } | { ok: false; error: unknown }) => void;
  readonly journalId?: string;
}

export class WriteBehindQueue {
  private readonly writes: Write[] = [];
  private draining: Promise<void> | undefined;
  private readonly idleWaiters = new Set<() => void>();
  /** How many writes waited for the database to come back (for logs and the fault bench). */
  deferred = 0;

  constructor(private readonly options: WriteBehindOptions) {}

  get pending(): number {
    return this.writes.length;
  }

  /**
   * Queues `run` behind every earlier write. Resolves with its result once it
   * landed, or with `undefined` after `waitMs` if it has not (it stays queued).
   * A write the database refuses for good (not an outage) rejects. `record`
   * is what replays it in another process if this one dies first.
   */
  enqueue<T>(label: string, run: (signal: AbortSignal) => Promise<T>, waitMs: number, record?: JournalRecord): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        this.deferred += 1;
        resolve(undefined);
      }, waitMs);
      this.writes.push({
        label,
        run,
        journalId: record && this.options.journal?.append(record),
        settle: (outcome) => {
          clearTimeout(timer);
          if (answered) return;
          answered = true;
          if (outcome.ok) resolve(outcome.value as T);
          else reject(outcome.error);
        },
      });
      this.draining ??= this.drain().finally(() => {
        this.draining = undefined;
        for (const wake of this.idleWaiters) wake();
        this.idleWaiters.clear();
      });
    });
  }

  /** Resolves true once every queued write landed (or was refused), false if `timeoutMs` passed first. */
  async idle(timeoutMs: number): Promise<boolean> {
    if (!this.draining) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const woke = await Promise.race([
      new Promise<true>((resolve) => this.idleWaiters.add(() => resolve(true))),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return woke;
  }

  private async drain(): Promise<void> {
    let backoff = this.options.backoffMs;
    let outageStarted: number | undefined;
    for (let write = this.writes[0]; write; write = this.writes[0]) {
      try {
        const value = await withDeadline(write.run, { timeoutMs: this.options.attemptTimeoutMs, what: `database write (${write.label})` });
        this.left(write);
        write.settle({ ok: true, value });
        if (outageStarted !== undefined) {
          this.options.log.info("database back; queued writes flushing", { downMs: Date.now() - outageStarted, pending: this.writes.length });
          outageStarted = undefined;
        }
        backoff = this.options.backoffMs;
      } catch (error) {
        if (isPermanent(error)) {
          this.left(write);
          this.options.log.error("write refused by the database; dropped", { write: write.label, error });
          write.settle({ ok: false, error });
          continue;
        }
        if (outageStarted === undefined) {
          outageStarted = Date.now();
          this.options.log.warn("database unavailable; writes queued", { write: write.label, pending: this.writes.length, error });
        }
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
  }

  private left(write: Write): void {
    this.writes.shift();
    if (write.journalId) this.options.journal?.done(write.journalId);
  }
}

/** An answer about the write itself (no such conversation, bad input), which no retry changes. */
function isPermanent(error: unknown): boolean {
  return error instanceof AppError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST" || error.code === "CONFLICT");
}
