import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";

/**
 * The benchmark harness (scripts/bench/agents.ts) still measures: two
 * synthetic callers, two turns each, against our worker started under its own
 * agent name on this stack's LiveKit and Postgres. It checks that figures come
 * out, not what they are (timing thresholds belong to the benchmark run).
 */
test("the benchmark harness measures voice-to-voice, CPU and RSS for two calls against our worker", async () => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), "bench-smoke-"));
  const out = join(dir, "benchmarks.md");
  const json = join(dir, "figures.json");
  const args = ["--import", "tsx", "scripts/bench/agents.ts", "--profiles", "scripted", "--agents", "ours", "--calls", "2", "--turns", "2", "--out", out, "--json", json];
  const run = spawn(process.execPath, args, { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  run.stdout.on("data", (d: Buffer) => (output += d.toString()));
  run.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => run.once("exit", resolve));
  expect(code, output.split("\n").filter((l) => !l.includes('"lk-rtc"')).slice(-30).join("\n")).toBe(0);

  const figures = JSON.parse(readFileSync(json, "utf8")) as { sideBySide_scripted: Record<string, number | string>[] };
  const row = figures.sideBySide_scripted[0]!;
  console.log(JSON.stringify(row));
  expect(row).toMatchObject({ agent: "ours", calls: 2 });
  // Every turn of both calls was answered and timed at the caller.
  expect(row.turns).toBe(4);
  expect(row.missed).toBe(0);
  for (const key of ["v2vP50", "v2vP95", "greetingP50", "cpuPctPerCall", "rssPerCallMb", "treePeakRssMb"]) {
    expect(Number(row[key]), key).toBeGreaterThan(0);
  }
  // Our overhead comes from the turns the worker stored; on an idle machine it can be 0 ms.
  expect(Number.isFinite(row.overheadP50), "overheadP50 from the stored turns").toBe(true);
  expect(Number(row.v2vP95)).toBeGreaterThanOrEqual(Number(row.v2vP50));
  const report = readFileSync(out, "utf8");
  expect(report).toContain("## Side by side, scripted providers");
  expect(report).toMatch(/\| ours \| 2 \| 4 \| 0 \| \d+ ms \|/);
});
