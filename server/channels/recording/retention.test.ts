import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../core/log";
import { removeStalePartials, sweepExpiredRecordings, type RetentionPorts } from "./retention";

const log = createLogger({ svc: "test" }, "error");
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An in-memory recordings table with the same contract as server/storage/recordings. */
function table(rows: { id: string; createdAt: number; paths: string[] }[]): RetentionPorts & { ids(): string[] } {
  return {
    listExpired: async ({ before, limit }) => rows.filter((r) => r.createdAt < before.getTime()).slice(0, limit).map(({ id, paths }) => ({ id, paths })),
    remove: async ({ id }) => void rows.splice(rows.findIndex((r) => r.id === id), 1),
    ids: () => rows.map((r) => r.id),
  };
}

describe("sweepExpiredRecordings", () => {
  it("deletes the files and rows of recordings older than the retention, and nothing newer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retention-"));
    dirs.push(dir);
    const now = 100 * DAY;
    for (const name of ["old.ogg", "old-caller.ogg", "new.ogg", "outside.ogg"]) writeFileSync(join(dir, name), "x");
    const ports = table([
      { id: "old", createdAt: now - 31 * DAY, paths: ["old.ogg", "old-caller.ogg"] },
      // A row whose file is already gone is still removed.
      { id: "gone", createdAt: now - 40 * DAY, paths: ["missing.ogg"] },
      // A path that tries to leave the folder is reduced to its base name.
      { id: "escape", createdAt: now - 35 * DAY, paths: ["../../etc/outside.ogg"] },
      { id: "new", createdAt: now - 29 * DAY, paths: ["new.ogg"] },
    ]);
    const result = await sweepExpiredRecordings({ dir, retentionDays: 30, now, ports, log });
    expect(result.deleted).toBe(3);
    expect(ports.ids()).toEqual(["new"]);
    expect(existsSync(join(dir, "old.ogg"))).toBe(false);
    expect(existsSync(join(dir, "old-caller.ogg"))).toBe(false);
    expect(existsSync(join(dir, "outside.ogg"))).toBe(false);
    expect(existsSync(join(dir, "new.ogg"))).toBe(true);
  });

  it("a row that cannot be removed does not spin the sweep", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retention-"));
    dirs.push(dir);
    const stuck = Array.from({ length: 200 }, (_, i) => ({ id: `s${i}`, paths: [] as string[] }));
    let lists = 0;
    const ports: RetentionPorts = { listExpired: async () => (lists++, stuck), remove: async () => undefined };
    await sweepExpiredRecordings({ dir, retentionDays: 1, now: 10 * DAY, ports, log });
    expect(lists).toBe(50);
  });
});

describe("removeStalePartials", () => {
  it("removes raw parts a dead job left more than a day ago, not those of a call in progress", async () => {
    const dir = mkdtempSync(join(tmpdir(), "retention-"));
    dirs.push(dir);
    mkdirSync(join(dir, ".partial"));
    writeFileSync(join(dir, ".partial", "old-mixed.raw"), "x");
    writeFileSync(join(dir, ".partial", "live-mixed.raw"), "x");
    const now = Date.now();
    utimesSync(join(dir, ".partial", "old-mixed.raw"), new Date(now - 2 * DAY), new Date(now - 2 * DAY));
    expect(await removeStalePartials(dir, now)).toBe(1);
    expect(existsSync(join(dir, ".partial", "old-mixed.raw"))).toBe(false);
    expect(existsSync(join(dir, ".partial", "live-mixed.raw"))).toBe(true);
    // No recordings yet: nothing to do, no error.
    expect(await removeStalePartials(join(dir, "none"), now)).toBe(0);
  });
});
