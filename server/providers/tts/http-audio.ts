import { AppError } from "../../core/errors";
import { idleWatchdog } from "../idle-watchdog";

export interface AudioBodyRequest {
  /** Sends the request with this signal and resolves with the response body once headers arrive. */
  readonly open: (signal: AbortSignal) => Promise<ReadableStream<Uint8Array> | null>;
  /**
   * Longest silence tolerated from the server: before the response headers
   * and between body chunks. SDK timeouts stop at the headers, so a server
   * that stalls mid-body would otherwise hang the turn forever.
   */
  readonly timeoutMs: number;
  /** Maps whatever the SDK or the body threw; `timedOut` when the silence watchdog fired. */
  readonly toAppError: (error: unknown, timedOut: boolean) => AppError;
  readonly signal?: AbortSignal;
}

/**
 * Streams a TTS response body chunk by chunk, as the bytes arrive. A caller
 * abort ends the stream quietly (and closes the connection); a consumer that
 * stops reading closes it too.
 */
export async function* readAudioBody(request: AudioBodyRequest): AsyncIterable<Uint8Array> {
  const { signal } = request;
  if (signal?.aborted) return;
  const watchdog = idleWatchdog(signal, request.timeoutMs);
  try {
    watchdog.arm();
    try {
      const body = await request.open(watchdog.signal);
      if (!body) throw new Error("the response has no body");
      const reader = body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        // Paused while the consumer holds a chunk (playback backpressure).
        watchdog.pause();
        if (value.length > 0) yield value;
        watchdog.arm();
      }
    } catch (error) {
      if (signal?.aborted) return;
      throw request.toAppError(error, watchdog.timedOut);
    }
    if (signal?.aborted) return;
    // Some SDKs end a body quietly when its signal aborts.
    if (watchdog.timedOut) throw request.toAppError(new Error("the audio stream stalled"), true);
  } finally {
    // Closes the connection when the consumer stopped early; a no-op after a full read.
    watchdog.dispose({ abort: true });
  }
}

/** An HTTP status from a cloud speech API → AppError with the right `retryable` (shared by the adapters). */
export function fromStatus(status: number, message: string, cause: unknown): AppError {
  if (status >= 500) return new AppError("PROVIDER_ERROR", message, { retryable: true, cause });
  if (status === 408) return new AppError("TIMEOUT", message, { retryable: true, cause });
  if (status === 429) return new AppError("UNAVAILABLE", message, { retryable: true, cause });
  if (status === 401 || status === 403) return new AppError("UNAUTHORIZED", message, { retryable: false, cause });
  return new AppError("BAD_REQUEST", message, { retryable: false, cause });
}
