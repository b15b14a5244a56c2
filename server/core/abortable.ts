/**
 * Reads a stream with every `next()` raced against a signal, so an abort ends
 * the read at once instead of waiting for the producer's next item (an LLM
 * between tokens, a TTS between frames). On abort the source is told to stop
 * (`return()`, not awaited: a producer that ignores its signal may never
 * settle) and the stream ends quietly — a deliberate stop is not an error.
 * Anchor: agents-js `voice/generation.ts`, which races each read the same way.
 */
export async function* abortable<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T, void, undefined> {
  if (!signal) {
    yield* source;
    return;
  }
  if (signal.aborted) return;
  const iterator = source[Symbol.asyncIterator]();
  const aborted = whenAborted(signal);
  let finished = false;
  try {
    for (;;) {
      // Promise.race subscribes to next() too, so a late rejection after the abort is handled.
      const next = await Promise.race([iterator.next(), aborted.promise]);
      if (next === ABORTED || signal.aborted) return;
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    aborted.dispose();
    if (!finished) stop(iterator);
  }
}

const ABORTED = Symbol("aborted");

function stop(iterator: AsyncIterator<unknown>): void {
  try {
    void iterator.return?.().catch(() => undefined);
  } catch {
    // A producer that throws on return() has stopped either way.
  }
}

function whenAborted(signal: AbortSignal): { promise: Promise<typeof ABORTED>; dispose(): void } {
  let onAbort: () => void = () => undefined;
  const promise = new Promise<typeof ABORTED>((resolve) => {
    onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener("abort", onAbort) };
}

/** Resolves after `ms`, or at once when the signal aborts (a cancelled wait is not an error). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener("abort", wake, { once: true });
  });
}
