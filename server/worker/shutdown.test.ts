import { describe, expect, it } from "vitest";
import { createLogger } from "../core/log";
import { DRAIN_MARGIN_MS, gracefulStop } from "./shutdown";

const silent = createLogger({}, "error", () => undefined);

function fakeServer() {
  let finishCalls: () => void = () => undefined;
  const calls = new Promise<void>((resolve) => (finishCalls = resolve));
  const server = {
    activeJobs: [{}, {}],
    drainedWith: undefined as number | undefined,
    closed: false,
    async drain(timeoutMs: number) {
      server.drainedWith = timeoutMs;
      await calls;
    },
    async close() {
      server.closed = true;
    },
  };
  return { server, finishCalls };
}

describe("worker stop (SIGTERM)", () => {
  it("waits for live calls up to the longest call instead of cutting them", async () => {
    const { server, finishCalls } = fakeServer();
    const exits: number[] = [];
    const stop = gracefulStop(server, { maxCallMs: 900_000, log: silent, exit: (code) => exits.push(code) });
    const stopping = stop("SIGTERM");
    // Well past the old 10 s drain, the calls are still running and the process is still up.
    await new Promise((r) => setTimeout(r, 50));
    expect(server.drainedWith).toBe(900_000 + DRAIN_MARGIN_MS);
    expect(server.closed).toBe(false);
    expect(exits).toEqual([]);
    finishCalls();
    await stopping;
    expect(server.closed).toBe(true);
    expect(exits).toEqual([0]);
  });

  it("a second signal ends at once", async () => {
    const { server } = fakeServer();
    const exits: number[] = [];
    const stop = gracefulStop(server, { maxCallMs: 60_000, log: silent, exit: (code) => exits.push(code) });
    void stop("SIGTERM");
    await stop("SIGINT");
    expect(exits).toEqual([1]);
  });
});
