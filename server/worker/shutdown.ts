import type { Logger } from "../core/log";

/**
 * How the worker stops on SIGTERM: it tells LiveKit it is full (no new jobs)
 * and waits for its live calls to end on their own — up to the longest call
 * plus the time to say goodbye and store it — before it closes. A second
 * signal, or the deadline passing, ends it at once.
 */
export interface Drainable {
  /** Stop taking jobs and resolve once every running job has ended (or `timeoutMs` passed). */
  drain(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
  readonly activeJobs: readonly unknown[];
}

/** Time past the call limit for the goodbye, the end of the conversation and queued writes to land. */
export const DRAIN_MARGIN_MS = 30_000;

export function drainTimeoutMs(maxCallMs: number): number {
  return maxCallMs + DRAIN_MARGIN_MS;
}

export function gracefulStop(
  server: Drainable,
  { maxCallMs, log, exit }: { maxCallMs: number; log: Logger; exit: (code: number) => void },
): (signal: string) => Promise<void> {
  let stopping = false;
  return async (signal: string) => {
    if (stopping) {
      log.warn("second stop signal; ending live calls now", { signal, activeJobs: server.activeJobs.length });
      exit(1);
      return;
    }
    stopping = true;
    const timeoutMs = drainTimeoutMs(maxCallMs);
    log.info("stopping: draining live calls", { signal, activeJobs: server.activeJobs.length, drainTimeoutMs: timeoutMs });
    // Backstop: a drain that never resolves (a hung job) must not keep the process forever.
    const force = setTimeout(() => {
      log.error("drain deadline passed; exiting", { activeJobs: server.activeJobs.length });
      exit(1);
    }, timeoutMs + 5000);
    force.unref?.();
    const started = Date.now();
    try {
      await server.drain(timeoutMs);
      log.info("drained", { drainMs: Date.now() - started });
    } catch (error) {
      log.warn("drain incomplete", { error });
    }
    clearTimeout(force);
    await server.close().catch((error: unknown) => log.warn("close failed", { error }));
    exit(0);
  };
}
