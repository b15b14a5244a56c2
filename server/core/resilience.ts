import { AppError, isAbortError } from "./errors";

/**
 * Resilience for every call on the voice path (LLM, STT, TTS, embeddings,
 * knowledge search, the database): one circuit breaker implementation and one
 * deadline helper, so a dead or hanging dependency costs a caller a bounded
 * pause — never a dead line — and, once known dead, no pause at all.
 *
 * The three ways the product keeps talking are named apart:
 * - the **model chain** (core/dialogue/model-chain.ts): primary LLM → second model;
 * - the **unanswered route** (the dialogue's "I don't know" reply, `route: "unanswered"`);
 * - **engine failover** (providers/failover.ts): a cloud speech engine → the local one.
 */
export type BreakerState = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failed calls that open the breaker. */
  readonly failureThreshold: number;
  /** How long an open breaker refuses calls before it lets one probe through. */
  readonly cooldownMs: number;
  /** Clock; injectable for tests. */
  readonly now?: () => number;
}

/**
 * closed → open after `failureThreshold` consecutive failed calls; open →
 * half-open once `cooldownMs` has passed (computed lazily from the clock);
 * half-open admits one probe, which closes the breaker on success or reopens it.
 */
export class CircuitBreaker {
  private stored: BreakerState = "closed";
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  state(): BreakerState {
    if (this.stored === "open" && this.now() - this.openedAt >= this.options.cooldownMs) return "half-open";
    return this.stored;
  }

  admit(): "call" | "probe" | "skip" {
    const state = this.state();
    if (state === "closed") return "call";
    if (state === "open" || this.probeInFlight) return "skip";
    this.stored = "half-open";
    this.probeInFlight = true;
    return "probe";
  }

  /** Returns true when this success closed a breaker that was not closed. */
  succeeded(): boolean {
    const wasClosed = this.stored === "closed";
    this.stored = "closed";
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
    return !wasClosed;
  }

  /** Returns true when this failure opened the breaker. */
  failed(): boolean {
    this.probeInFlight = false;
    this.consecutiveFailures += 1;
    if (this.stored === "half-open" || this.consecutiveFailures >= this.options.failureThreshold) {
      const wasOpen = this.stored === "open";
      this.stored = "open";
      this.openedAt = this.now();
      return !wasOpen;
    }
    return false;
  }

  /** A call that said nothing about health (aborted by its caller, or a 4xx about the request). */
  released(): void {
    this.probeInFlight = false;
  }
}

/**
 * Runs `work` under a deadline: its signal aborts when the caller's does or
 * when `timeoutMs` passes, and the returned promise settles then even if the
 * work ignores its signal (a hung socket must not hold the caller).
 * A timeout rejects with AppError TIMEOUT (retryable); a caller abort rejects
 * with the caller's abort reason.
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  { timeoutMs, signal, what }: { timeoutMs: number; signal?: AbortSignal; what: string },
): Promise<T> {
  if (signal?.aborted) throw abortReason(signal);
  const attempt = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCallerAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AppError("TIMEOUT", `${what}: no result within ${timeoutMs} ms`, { retryable: true });
      attempt.abort(error);
      reject(error);
    }, timeoutMs);
    onCallerAbort = () => {
      attempt.abort(signal?.reason);
      reject(abortReason(signal!));
    };
    signal?.addEventListener("abort", onCallerAbort, { once: true });
  });
  try {
    return await Promise.race([work(attempt.signal), stopped]);
  } finally {
    clearTimeout(timer);
    if (onCallerAbort) signal?.removeEventListener("abort", onCallerAbort);
    // The loser of the race must not surface as an unhandled rejection.
    stopped.catch(() => undefined);
  }
}

export interface GuardOptions {
  readonly what: string;
  readonly timeoutMs: number;
  readonly breaker: CircuitBreaker;
  /** Which failures say the dependency is unwell; by default every one but a caller abort. */
  readonly countsAsFailure?: (error: unknown) => boolean;
}

/**
 * A call through a breaker and a deadline: refused at once (UNAVAILABLE) while
 * the breaker is open, bounded by `timeoutMs` otherwise, and its outcome
 * recorded. This is how a dependency that is down stops costing time per turn.
 */
export async function guarded<T>(work: (signal: AbortSignal) => Promise<T>, options: GuardOptions & { signal?: AbortSignal }): Promise<T> {
  const admission = options.breaker.admit();
  if (admission === "skip") throw new AppError("UNAVAILABLE", `${options.what}: circuit open`, { retryable: true });
  try {
    const result = await withDeadline(work, options);
    options.breaker.succeeded();
    return result;
  } catch (error) {
    const callerAborted = options.signal?.aborted === true && !(error instanceof AppError && error.code === "TIMEOUT");
    if (callerAborted || isAbortError(error) || !(options.countsAsFailure ?? (() => true))(error)) options.breaker.released();
    else options.breaker.failed();
    throw error;
  }
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("aborted", "AbortError");
}
