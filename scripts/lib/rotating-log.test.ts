import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rotatingLog } from "./rotating-log.mjs";

describe("rotating component logs (.data/logs)", () => {
  it("rotates past the size cap and keeps only the newest files", () => {
    const dir = mkdtempSync(join(tmpdir(), "logs-"));
    const path = join(dir, "worker.log");
    const log = rotatingLog(path, { maxBytes: 100, keep: 2 });
    for (let i = 0; i < 50; i++) log.write(`line ${String(i).padStart(3, "0")} ${"x".repeat(20)}\n`);
    log.close();
    expect(readdirSync(dir).sort()).toEqual(["worker.log", "worker.log.1", "worker.log.2"]);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(100);
    expect(readFileSync(path, "utf8")).toContain("line 049");
    expect(readFileSync(`${path}.2`, "utf8")).not.toContain("line 000");
  });

  it("rotates a file that was already over the cap when the stack starts", () => {
    const dir = mkdtempSync(join(tmpdir(), "logs-"));
    const path = join(dir, "web.log");
    writeFileSync(path, "y".repeat(500));
    const log = rotatingLog(path, { maxBytes: 100, keep: 3 });
    log.write("fresh\n");
    log.close();
    expect(readFileSync(path, "utf8")).toBe("fresh\n");
    expect(statSync(`${path}.1`).size).toBe(500);
  });
});
