/**
 * One AbortController per streamed request: aborts on the caller's signal, or
 * when the server goes quiet for longer than `timeoutMs`. SDK timeouts stop at
 * the response headers, so a body that stalls mid-stream needs this. Pause it
 * while the consumer holds a chunk: a slow reader is not a silent server.
 */
export interface IdleWatchdog {
  readonly signal: AbortSignal;
  /** True when the watchdog (not the caller) aborted the request. */
  readonly timedOut: boolean;
  arm(): void;
  pause(): void;
  /** Stops the timer and detaches from the caller's signal; `abort` also closes the request. */
  dispose(options?: { abort?: boolean }): void;
}

export function idleWatchdog(callerSignal: AbortSignal | undefined, timeoutMs: number): IdleWatchdog {
  const inFlight = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onCallerAbort = () => inFlight.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: inFlight.signal,
    get timedOut() {
      return timedOut;
    },
    arm() {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        inFlight.abort();
      }, timeoutMs);
    },
    pause() {
      clearTimeout(timer);
    },
    dispose(options) {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      if (options?.abort) inFlight.abort();
    },
  };
}
