import { sleep } from "../abortable";
import { AppError } from "../errors";
import { CircuitBreaker, type BreakerState } from "../resilience";
import type { Logger } from "../log";
import type { StreamOptions } from "../ports";
import type { LanguageModel, LlmEvent, LlmRequest } from "./llm-port";

/**
 * The model chain: a LanguageModel that chains several, trying each in order until one
 * answers, so a slow or failing cloud model costs a bounded pause, not a
 * dead line. Per model:
 * - retryable errors (5xx, 429, network) are retried with exponential backoff
 *   (`backoffMs`, doubling), but only while nothing has been yielded: once
 *   words reached the caller, a replay would repeat them;
 * - a first-token timeout aborts an attempt that has produced no event within
 *   `firstTokenTimeoutMs` and moves on to the next model at once (retrying a
 *   stalled model would double the silence);
 * - the first-token timeout counts from the first request the model left
 *   unanswered (it stalled, or its caller gave up on it before a token came,
 *   after half of `shortestFirstTokenMs` or more) while nothing has come
 *   from it since, not from each request anew; a new
 *   request still gets at least `shortestFirstTokenMs`. A reply started
 *   early on the caller's interim words and dropped when the final words
 *   differed, then the turn's own request, then the next turn's, do not each
 *   wait out the full timeout on a model that is down. A stall also cuts the
 *   wait of the requests waiting on the same model at that moment. After
 *   `unansweredMemoryMs` the model is given the full timeout again;
 * - a circuit breaker skips a model after `failureThreshold` consecutive
 *   failed calls, lets one probe call through after `cooldownMs`
 *   (half-open), and closes again when the probe succeeds. Only retryable
 *   failures count: a 4xx is about the request, not the model's health.
 *
 * Failure after output: if a model fails mid-stream after it has yielded text
 * or tool calls, the stream does not throw. It ends with what was said, a
 * short apology text delta, and `done` with finishReason `error`; switching
 * models mid-sentence would produce a reply that contradicts itself.
 *
 * If every model fails (or is skipped), `stream` throws AppError UNAVAILABLE
 * (retryable) and the dialogue router answers with the local brain (intents,
 * knowledge, then the unanswered route). The breaker is the one in core/resilience.ts. A caller
 * abort propagates to the active attempt and ends the stream quietly.
 */

export interface ModelChainOptions {
  readonly firstTokenTimeoutMs: number;
  /**
   * The shortest first-token timeout a request gets (see above); default: two thirds of
   * `firstTokenTimeoutMs` (800 ms of 1.2 s), above a healthy cloud model's usual first token.
   */
  readonly shortestFirstTokenMs?: number;
  /** How long an unanswered request shortens the model's next ones; default 30 s (the breaker's usual cooldown). */
  readonly unansweredMemoryMs?: number;
  /** Extra attempts per model for retryable errors; 0 = try each model once. */
  readonly retries: number;
  /** Backoff before the first retry; doubles for each further one. */
  readonly backoffMs: number;
  readonly breaker: { readonly failureThreshold: number; readonly cooldownMs: number };
  /** Clock for the breaker cooldown; injectable for tests. */
  readonly now?: () => number;
  readonly log?: Logger;
  /** Said when a model dies mid-reply. */
  readonly apology?: string;
}

export interface ModelChain extends LanguageModel {
  /** Breaker state per model name, for status pages. */
  states(): Record<string, BreakerState>;
}

const DEFAULT_APOLOGY = " Sorry, I lost my train of thought there.";

export function createModelChain(
  models: readonly LanguageModel[],
  options: ModelChainOptions,
): ModelChain {
  // Breaker state is keyed by name, so names must be distinct.
  if (models.length === 0 || new Set(models.map((m) => m.name)).size !== models.length) {
    throw new AppError("INTERNAL", "createModelChain needs one or more models with distinct names");
  }
  const now = options.now ?? Date.now;
  const log = options.log;
  const { failureThreshold, cooldownMs } = options.breaker;
  const deadlines = {
    firstTokenTimeoutMs: options.firstTokenTimeoutMs,
    shortestFirstTokenMs: Math.min(options.firstTokenTimeoutMs, options.shortestFirstTokenMs ?? Math.round((options.firstTokenTimeoutMs * 2) / 3)),
  };
  const chain = models.map((model) => ({
    model,
    breaker: new CircuitBreaker({ failureThreshold, cooldownMs, now }),
    stalls: new FirstTokenWatch(now, deadlines, options.unansweredMemoryMs ?? 30_000),
  }));

  async function* stream(request: LlmRequest, { signal }: StreamOptions = {}): AsyncGenerator<LlmEvent> {
    const failures: string[] = [];
    let lastError: AppError | undefined;

    for (const { model, breaker, stalls } of chain) {
      if (signal?.aborted) return;
      const admission = breaker.admit();
      if (admission === "skip") {
        failures.push(`${model.name}: circuit open`);
        continue;
      }
      // A half-open probe gets one attempt: it answers "is it back?", and a
      // caller should not wait through retries to learn that it is not.
      const maxAttempts = admission === "probe" ? 1 : options.retries + 1;
      let settled = false;
      try {
        let outcome: Outcome = { kind: "aborted" };
        for (let attempt = 1; attempt <= maxAttempts; attempt++) {
          if (attempt > 1) await sleep(options.backoffMs * 2 ** (attempt - 2), signal);
          if (signal?.aborted) return;
          outcome = yield* attemptOnce(model, request, signal, stalls);
          if (outcome.kind !== "failed") break;
          log?.warn("llm attempt failed", {
            model: model.name,
            attempt,
            code: outcome.error.code,
            retryable: outcome.error.retryable,
            error: outcome.error,
          });
          if (outcome.spoke || outcome.stalled || !outcome.error.retryable) break;
        }

        settled = true;
        if (outcome.kind === "completed") {
          if (breaker.succeeded()) log?.info("llm circuit closed", { model: model.name });
          return;
        }
        if (outcome.kind === "aborted") {
          breaker.released();
          return;
        }
        if (outcome.error.retryable) {
          if (breaker.failed()) log?.warn("llm circuit opened", { model: model.name, cooldownMs });
        } else {
          breaker.released();
        }
        if (outcome.spoke) {
          yield { type: "text", delta: options.apology ?? DEFAULT_APOLOGY };
          yield { type: "done", finishReason: "error" };
          return;
        }
        failures.push(`${model.name}: ${outcome.error.message}`);
        lastError = outcome.error;
      } finally {
        // The consumer stopped early (return()/abort mid-yield): free a probe slot.
        if (!settled) breaker.released();
      }
    }
    throw new AppError("UNAVAILABLE", `every language model failed (${failures.join("; ")})`, {
      retryable: true,
      cause: lastError,
    });
  }

  return {
    name: `chain(${models.map((m) => m.name).join(",")})`,
    stream,
    states: () => Object.fromEntries(chain.map(({ model, breaker }) => [model.name, breaker.state()])),
  };
}

type Outcome =
  | { readonly kind: "completed" }
  | { readonly kind: "aborted" }
  | {
      readonly kind: "failed";
      readonly error: AppError;
      /** Output (text or a tool call) reached the consumer before the failure. */
      readonly spoke: boolean;
      /** Hit the first-token timeout: move on, do not retry. */
      readonly stalled: boolean;
    };

const ABORTED = Symbol("aborted");

/**
 * A model's first tokens, shared by all its requests: since when it has left
 * requests unanswered, and a stall told to the others waiting on it.
 */
class FirstTokenWatch {
  /** When the earliest request still counted as unanswered was made; unset once the model answered. */
  private unansweredSinceMs: number | undefined;
  private lastAnswerAtMs = Number.NEGATIVE_INFINITY;
  private readonly waiting = new Set<() => void>();

  constructor(
    /** The chain's clock (the breaker's): request times given to this watch are on it. */
    readonly now: () => number,
    readonly deadlines: { readonly firstTokenTimeoutMs: number; readonly shortestFirstTokenMs: number },
    private readonly memoryMs: number,
  ) {}

  /** The first-token timeout of a request made now. */
  firstTokenTimeoutMs(): number {
    const { firstTokenTimeoutMs, shortestFirstTokenMs } = this.deadlines;
    const since = this.unansweredSinceMs;
    if (since === undefined || this.now() - since > this.memoryMs) return firstTokenTimeoutMs;
    return Math.min(firstTokenTimeoutMs, Math.max(shortestFirstTokenMs, since + firstTokenTimeoutMs - this.now()));
  }

  /** A request made at `startedAtMs` ended without a first token (stalled, or its caller gave up). */
  unanswered(startedAtMs: number): void {
    if (startedAtMs <= this.lastAnswerAtMs) return;
    const since = this.unansweredSinceMs;
    this.unansweredSinceMs = since === undefined || this.now() - since > this.memoryMs ? startedAtMs : Math.min(since, startedAtMs);
  }

  stalled(startedAtMs: number): void {
    this.unanswered(startedAtMs);
    for (const wake of [...this.waiting]) wake();
  }

  answered(): void {
    this.lastAnswerAtMs = this.now();
    this.unansweredSinceMs = undefined;
  }

  /** `onStall` runs when another request stalls, until the returned function is called. */
  watch(onStall: () => void): () => void {
    this.waiting.add(onStall);
    return () => this.waiting.delete(onStall);
  }
}

/**
 * One call to one model under a child AbortController, which the caller's
 * signal and the first-token timer both abort. Every `next()` is raced
 * against that abort, so a model that ignores its signal cannot stall us.
 */
async function* attemptOnce(
  model: LanguageModel,
  request: LlmRequest,
  signal: AbortSignal | undefined,
  stalls: FirstTokenWatch,
): AsyncGenerator<LlmEvent, Outcome> {
  const { shortestFirstTokenMs } = stalls.deadlines;
  const attempt = new AbortController();
  const onCallerAbort = () => attempt.abort(signal?.reason);
  signal?.addEventListener("abort", onCallerAbort, { once: true });
  const startedAt = Date.now();
  const madeAtMs = stalls.now();
  let deadlineMs = stalls.firstTokenTimeoutMs();
  let answered = false;
  let stalled = false;
  let firstTokenTimer: ReturnType<typeof setTimeout> | undefined;
  const armFirstTokenTimer = () => {
    clearTimeout(firstTokenTimer);
    firstTokenTimer = setTimeout(() => {
      stalled = true;
      unwatch();
      stalls.stalled(madeAtMs);
      attempt.abort();
    }, Math.max(0, startedAt + deadlineMs - Date.now()));
  };
  // Another request to this model stalled while this one waits for its first token: this one has waited long enough too.
  const unwatch = stalls.watch(() => {
    if (deadlineMs <= shortestFirstTokenMs) return;
    deadlineMs = shortestFirstTokenMs;
    armFirstTokenTimer();
  });
  armFirstTokenTimer();
  const aborted = new Promise<typeof ABORTED>((resolve) =>
    attempt.signal.addEventListener("abort", () => resolve(ABORTED), { once: true }),
  );
  let spoke = false;
  let finished = false;
  const interrupted = (): Outcome | undefined => {
    if (signal?.aborted) return { kind: "aborted" };
    if (stalled) {
      const error = new AppError("TIMEOUT", `no first token within ${deadlineMs} ms`, {
        retryable: true,
      });
      return { kind: "failed", error, spoke, stalled };
    }
    return undefined;
  };

  let iterator: AsyncIterator<LlmEvent> | undefined;
  try {
    iterator = model.stream(request, { signal: attempt.signal })[Symbol.asyncIterator]();
    for (;;) {
      // Promise.race subscribes to `next()` too, so a late rejection is handled.
      const next = await Promise.race([iterator.next(), aborted]);
      const stop = interrupted();
      if (stop || next === ABORTED) return stop ?? { kind: "aborted" };
      if (next.done) {
        // A model that ends without `done` still ended normally.
        finished = true;
        yield { type: "done", finishReason: "stop" };
        return { kind: "completed" };
      }
      if (!answered) {
        answered = true;
        clearTimeout(firstTokenTimer);
        unwatch();
        stalls.answered();
      }
      const event = next.value;
      if (event.type === "done") {
        finished = true;
        yield event;
        return { kind: "completed" };
      }
      spoke = true;
      yield event;
    }
  } catch (error) {
    const stop = interrupted();
    if (stop) return stop;
    return { kind: "failed", error: AppError.from(error), spoke, stalled: false };
  } finally {
    clearTimeout(firstTokenTimer);
    unwatch();
    // Given up on before its first token, after half the shortest timeout or more: that silence still
    // counts against the model's next request (a shorter one is no sign of a model in trouble).
    if (!answered && !stalled && signal?.aborted && stalls.now() - madeAtMs >= shortestFirstTokenMs / 2) stalls.unanswered(madeAtMs);
    signal?.removeEventListener("abort", onCallerAbort);
    if (!finished) {
      // Cancel the model's request and let its generator clean up; not
      // awaited, since a model that ignores aborts may never settle.
      attempt.abort();
      iterator?.return?.().catch(() => undefined);
    }
  }
}
