import { Worker } from "node:worker_threads";
import { AppError } from "../../core/errors";

/** Runs one Silero window: the model's speech probability and its next recurrent state. The buffers must not change until it settles. */
export type SileroRun = (input: Float32Array, state: Float32Array) => Promise<{ probability: number; state: Float32Array }>;

/** Silero's recurrent state per window: 2 layers × 128. */
const STATE = 128;
/** Windows run together at most; beyond ≈ 8 a batch costs more per window again (measured: 430 µs alone, ≈ 100–190 µs at 4–8). */
const MAX_BATCH = 8;

interface Window {
  input: Float32Array;
  state: Float32Array;
  resolve: (result: { probability: number; state: Float32Array }) => void;
  reject: (error: AppError) => void;
}

interface Thread {
  worker: Worker;
  /** The batch in flight (one at a time per thread). */
  batch: Window[] | undefined;
}

interface BatchResult {
  probabilities?: Float32Array;
  state?: Float32Array;
  error?: string;
}

/**
 * Silero inference on a few worker threads, each with its own session.
 * onnxruntime-node's `run` is synchronous on the calling thread (deferred by
 * a setImmediate), ≈ 0.3–0.8 ms per 32 ms window here: negligible for one
 * call, but a worker process holding dozens of calls would spend most of its
 * event loop on VAD. The recurrent state travels with each window, so any
 * thread can serve any call.
 *
 * Batching is opportunistic: a window goes out at once to an idle thread (no
 * wait at low load); windows that arrive while every thread is busy run
 * together in the next batch, one model run for all of them, which costs a
 * fraction per window of running them one by one.
 */
export async function sileroThreadPool(modelPath: string, rate: number, threads: number): Promise<SileroRun> {
  const waiting: Window[] = [];
  const pool: Thread[] = await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL("./silero-thread.mjs", import.meta.url), { workerData: { modelPath, rate } });
      const thread: Thread = { worker, batch: undefined };
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", (error) => reject(new AppError("UNAVAILABLE", `Silero VAD thread failed to start: ${error.message}`, { cause: error })));
      });
      worker.on("message", (message: BatchResult) => {
        const batch = thread.batch;
        thread.batch = undefined;
        if (batch) settle(batch, message);
        dispatch();
      });
      worker.on("error", (error) => {
        const batch = thread.batch;
        thread.batch = undefined;
        for (const window of batch ?? []) window.reject(new AppError("PROVIDER_ERROR", `Silero VAD thread crashed: ${error.message}`));
      });
      // Idle VAD threads must not keep a stopping process alive.
      worker.unref();
      return thread;
    }),
  );

  function dispatch(): void {
    for (const thread of pool) {
      if (waiting.length === 0) return;
      if (thread.batch) continue;
      const batch = waiting.splice(0, MAX_BATCH);
      thread.batch = batch;
      const { input, state } = packBatch(batch);
      thread.worker.postMessage({ count: batch.length, input, state }, [input.buffer, state.buffer]);
    }
  }

  return (input, state) =>
    new Promise((resolve, reject) => {
      // No copy here: packBatch copies each window into the batch, and the caller (silero.ts) leaves its
      // buffers alone until this settles.
      waiting.push({ input, state, resolve, reject });
      dispatch();
    });
}

/** The model's batch layout: input [N, samples], state [2, N, 128]. */
export function packBatch(windows: readonly { input: Float32Array; state: Float32Array }[]): { input: Float32Array<ArrayBuffer>; state: Float32Array<ArrayBuffer> } {
  const n = windows.length;
  const width = windows[0]?.input.length ?? 0;
  const input = new Float32Array(n * width);
  const state = new Float32Array(2 * n * STATE);
  windows.forEach((window, b) => {
    input.set(window.input, b * width);
    for (let layer = 0; layer < 2; layer++) state.set(window.state.subarray(layer * STATE, (layer + 1) * STATE), (layer * n + b) * STATE);
  });
  return { input, state };
}

/** Each window's probability and its own next state, out of the batch's [2, N, 128]. */
export function unpackState(batchState: Float32Array, n: number, b: number): Float32Array {
  const state = new Float32Array(2 * STATE);
  for (let layer = 0; layer < 2; layer++) state.set(batchState.subarray((layer * n + b) * STATE, (layer * n + b + 1) * STATE), layer * STATE);
  return state;
}

function settle(batch: readonly Window[], result: BatchResult): void {
  const { probabilities, state } = result;
  if (result.error !== undefined || !probabilities || !state) {
    for (const window of batch) window.reject(new AppError("PROVIDER_ERROR", `Silero VAD failed: ${result.error ?? "no output"}`));
    return;
  }
  batch.forEach((window, b) => window.resolve({ probability: probabilities[b] ?? 0, state: unpackState(state, batch.length, b) }));
}
