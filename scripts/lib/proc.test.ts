import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RESTART_BASE_MS, RESTART_MAX_MS, restartDelayMs, startService, stopAll } from "./proc.mjs";

describe("component supervision (scripts/run.mjs)", () => {
  it("backs off per crash in a row, capped, and starts over after a stable run", () => {
    expect([0, 1, 2, 3].map((n) => restartDelayMs(n, 100))).toEqual([RESTART_BASE_MS, RESTART_BASE_MS * 2, RESTART_BASE_MS * 4, RESTART_BASE_MS * 8]);
    expect(restartDelayMs(20, 100)).toBe(RESTART_MAX_MS);
    expect(restartDelayMs(20, 120_000)).toBe(RESTART_BASE_MS);
  });

  it("restarts a component that crashes, and stops restarting it once the stack stops", async () => {
    const logDir = mkdtempSync(join(tmpdir(), "proc-"));
    const pids: number[] = [];
    // Crashes at once each time: restarted after 0.5 s, then 1 s.
    const service = startService("crasher", process.execPath, ["-e", "console.log('up', process.pid); process.exit(3)"], {
      logDir,
      echo: false,
      onRestart: (entry) => pids.push(entry.child.pid!),
    });
    pids.push(service.child.pid!);
    const deadline = Date.now() + 10_000;
    while (service.restarts < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(service.restarts).toBe(2);
    expect(new Set(pids).size).toBe(3);
    await stopAll(2000);
    const restartsAtStop = service.restarts;
    await new Promise((r) => setTimeout(r, 2500));
    expect(service.restarts).toBe(restartsAtStop);
    // One log across restarts (the third run may be stopped before it prints).
    expect(readFileSync(join(logDir, "crasher.log"), "utf8").match(/^up /gm)?.length).toBeGreaterThanOrEqual(2);
  }, 20_000);
});
