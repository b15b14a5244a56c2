import { readdir, rm, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Logger } from "../../core/log";

export interface RetentionPorts {
  listExpired(input: { before: Date; limit?: number }): Promise<{ id: string; paths: string[] }[]>;
  remove(input: { id: string }): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes recordings past their retention: the files first, then the row, so
 * a failure leaves a row that the next sweep retries rather than a file that
 * nothing points at. Stored paths are file names inside `dir`; anything else
 * is reduced to its base name, so a row can never delete outside the folder.
 */
export async function sweepExpiredRecordings(input: {
  dir: string;
  retentionDays: number;
  now: number;
  ports: RetentionPorts;
  log: Logger;
}): Promise<{ deleted: number }> {
  const before = new Date(input.now - input.retentionDays * DAY_MS);
  let deleted = 0;
  // Bounded: a row that cannot be removed must not spin the sweep.
  for (let round = 0; round < 50; round++) {
    const batch = await input.ports.listExpired({ before, limit: 200 });
    if (batch.length === 0) break;
    for (const recording of batch) {
      await Promise.all(recording.paths.map((path) => rm(join(input.dir, basename(path)), { force: true })));
      await input.ports.remove({ id: recording.id });
      deleted += 1;
    }
    if (batch.length < 200) break;
  }
  if (deleted > 0) input.log.info("expired recordings deleted", { deleted, retentionDays: input.retentionDays });
  return { deleted };
}

/** A call's raw parts older than this belong to a job that died mid-call: nothing will ever encode them. */
const STALE_PARTIAL_MS = DAY_MS;

/** Deletes raw parts left in `<dir>/.partial` by job processes that died before encoding them. */
export async function removeStalePartials(dir: string, now: number): Promise<number> {
  const partialDir = join(dir, ".partial");
  const names = await readdir(partialDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(partialDir, name);
    const modified = await stat(path).then((s) => s.mtimeMs, () => now);
    if (now - modified < STALE_PARTIAL_MS) continue;
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}
