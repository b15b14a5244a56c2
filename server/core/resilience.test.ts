import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { CircuitBreaker, guarded, withDeadline } from "./resilience";

const never = () => new Promise<never>(() => undefined);

describe("withDeadline", () => {
  it("settles at the deadline even when the work ignores its signal", async () => {
    const started = Date.now();
    const error = await withDeadline(never, { timeoutMs: 50, what: "hung call" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("TIMEOUT");
    expect((error as AppError).retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("aborts the work's signal at the deadline", async () => {
    let seen: AbortSignal | undefined;
    await withDeadline((signal) => ((seen = signal), never()), { timeoutMs: 20, what: "x" }).catch(() => undefined);
    expect(seen?.aborted).toBe(true);
  });

  it("passes a caller abort through at once", async () => {
    const caller = new AbortController();
    const pending = withDeadline(never, { timeoutMs: 10_000, signal: caller.signal, what: "x" });
    caller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("returns the result in time", async () => {
    expect(await withDeadline(async () => 42, { timeoutMs: 100, what: "x" })).toBe(42);
  });
});

describe("CircuitBreaker", () => {
  it("opens after the threshold, admits one probe after the cooldown, closes on its success", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, now: () => now });
    expect(breaker.admit()).toBe("call");
    breaker.failed();
    expect(breaker.state()).toBe("closed");
    breaker.failed();
    expect(breaker.state()).toBe("open");
    expect(breaker.admit()).toBe("skip");
    now = 1000;
    expect(breaker.admit()).toBe("probe");
    expect(breaker.admit()).toBe("skip"); // one probe at a time
    breaker.succeeded();
    expect(breaker.state()).toBe("closed");
  });

  it("reopens when the probe fails", () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    breaker.failed();
    now = 100;
    expect(breaker.admit()).toBe("probe");
    breaker.failed();
    expect(breaker.state()).toBe("open");
  });
});

describe("guarded", () => {
  it("costs one deadline, then refuses at once while the dependency stays down", async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    let calls = 0;
    const hung = () => (calls++, never());
    const first = Date.now();
    await expect(guarded(hung, { what: "embeddings", timeoutMs: 50, breaker })).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(Date.now() - first).toBeGreaterThanOrEqual(45);
    const second = Date.now();
    await expect(guarded(hung, { what: "embeddings", timeoutMs: 50, breaker })).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(Date.now() - second).toBeLessThan(20);
    expect(calls).toBe(1);
  });

  it("does not count a caller's own abort against the dependency", async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });
    const caller = new AbortController();
    const pending = guarded(never, { what: "x", timeoutMs: 10_000, breaker, signal: caller.signal });
    caller.abort();
    await pending.catch(() => undefined);
    expect(breaker.state()).toBe("closed");
  });
});
