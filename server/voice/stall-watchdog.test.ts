import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StallWatchdog } from "./stall-watchdog";

describe("stall watchdog policy", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("speaks up once the line has been quiet for the whole wait", () => {
    const said: string[] = [];
    const watchdog = new StallWatchdog(2500, () => true, () => said.push("again?"));
    watchdog.arm();
    vi.advanceTimersByTime(2499);
    expect(said).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(["again?"]);
    expect(watchdog.armed).toBe(false);
  });

  it("stays silent when someone is speaking when it fires, and when cleared by the next turn", () => {
    const said: string[] = [];
    let quiet = false;
    const watchdog = new StallWatchdog(1000, () => quiet, () => said.push("again?"));
    watchdog.arm();
    vi.advanceTimersByTime(1000);
    expect(said).toEqual([]);
    quiet = true;
    watchdog.arm();
    vi.advanceTimersByTime(500);
    watchdog.clear();
    vi.advanceTimersByTime(5000);
    expect(said).toEqual([]);
  });
});
