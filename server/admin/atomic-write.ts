import { randomBytes } from "node:crypto";
import { open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `content` so a reader (the agent re-reading its
 * profile, the knowledge indexer) sees the old file or the new one, never a
 * half-written one: write a temp file in the same directory (same filesystem,
 * so rename is atomic), flush it, then rename it over the target. Keeps the
 * target's permissions when it exists.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const mode = await stat(path).then(
    (existing) => existing.mode & 0o777,
    () => 0o644,
  );
  // Dot-prefixed and not ending in .md: never picked up as a knowledge document.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const handle = await open(temp, "wx", mode);
    try {
      await handle.writeFile(content, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
