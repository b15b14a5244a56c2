const tails = new Map<string, Promise<unknown>>();

/**
 * Runs `task` after every earlier task with the same key has settled (in this
 * process). Two saves of one document must not interleave their file write
 * and re-index, or the index could end up holding the older text.
 */
export async function withKeyedLock<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}
