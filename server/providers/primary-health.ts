import { AppError } from "../core/errors";
import type { Logger } from "../core/log";
import { CircuitBreaker } from "../core/resilience";

export type FailurePhase = "before output" | "mid-stream" | "hung" | "after the standby answered";

/**
 * A cloud engine's health behind engine failover: the shared circuit breaker
 * (core/resilience.ts) that opens on the first failure, so the next calls go
 * straight to the standby for `cooldownMs`, then one probes the primary. Every
 * call the primary was admitted to ends in exactly one of succeeded, failed or
 * released, or a probe would stay in flight and the primary be skipped for good.
 */
export class PrimaryHealth {
  private readonly breaker: CircuitBreaker;
  private failing = false;

  constructor(
    private readonly kind: "stt" | "tts",
    private readonly primary: string,
    private readonly standby: string,
    private readonly options: { readonly cooldownMs: number; readonly log: Logger; readonly now?: () => number },
  ) {
    this.breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: options.cooldownMs, now: options.now });
  }

  /** True while cooling down; once it is over, a call probes the primary again. */
  skipPrimary(): boolean {
    return this.breaker.admit() === "skip";
  }

  failed(error: unknown, phase: FailurePhase, fields: Record<string, unknown> = {}): void {
    const wasFailing = this.failing;
    this.failing = true;
    this.breaker.failed();
    const appError = AppError.from(error);
    this.options.log.warn(wasFailing ? `${this.kind} primary probe failed` : `${this.kind} primary failed, switching to standby`, {
      primary: this.primary,
      standby: this.standby,
      phase,
      code: appError.code,
      retryable: appError.retryable,
      error: appError.message,
      cooldownMs: this.options.cooldownMs,
      ...fields,
    });
  }

  succeeded(): void {
    this.breaker.succeeded();
    if (!this.failing) return;
    this.failing = false;
    this.options.log.info(`${this.kind} primary recovered`, { primary: this.primary });
  }

  /** The call said nothing about health (the caller hung up or barged in). */
  released(): void {
    this.breaker.released();
  }
}
