import { Worker } from "node:worker_threads";
import { AppError } from "../../core/errors";

/** Runs one Silero window: the model's speech probability and its next recurrent state. */
export type SileroRun = (input: Float32Array, state: Float32Array) => Promise<{ probability: number; state: Float32Array }>;

interface Pending {
  resolve: (result: { probability: number; state: Float32Array }) => void;
  reject: (error: AppError) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Silero inference on a few worker threads, each with its own session.
 * onnxruntime-node's `run` is synchronous on the calling thread (deferred by
 * a setImmediate), ≈ 0.3–0.8 ms per 32 ms window here: negligible for one
 * call, but a worker process holding dozens of calls would spend most of its
 * event loop on VAD. Each window goes to the thread with the fewest in
 * flight; the recurrent state travels with the window, so any thread can
 * serve any call.
 */
export async function sileroThreadPool(modelPath: string, rate: number, threads: number): Promise<SileroRun> {
  let nextId = 1;
  const pool: Thread[] = await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL("./silero-thread.mjs", import.meta.url), { workerData: { modelPath, rate } });
      const thread: Thread = { worker, pending: new Map() };
      await new Promise<void>((resolve, reject) => {
        worker.once("message", () => resolve());
        worker.once("error", (error) => reject(new AppError("UNAVAILABLE", `Silero VAD thread failed to start: ${error.message}`, { cause: error })));
      });
      worker.on("message", (message: { id: number; probability?: number; state?: Float32Array; error?: string }) => {
        const pending = thread.pending.get(message.id);
        if (!pending) return;
        thread.pending.delete(message.id);
        if (message.error !== undefined || !message.state) pending.reject(new AppError("PROVIDER_ERROR", `Silero VAD failed: ${message.error}`));
        else pending.resolve({ probability: message.probability ?? 0, state: message.state });
      });
      worker.on("error", (error) => {
        for (const pending of thread.pending.values()) pending.reject(new AppError("PROVIDER_ERROR", `Silero VAD thread crashed: ${error.message}`));
        thread.pending.clear();
      });
      // Idle VAD threads must not keep a stopping process alive.
      worker.unref();
      return thread;
    }),
  );
  return (input, state) => {
    const thread = pool.reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      // Copies: the caller keeps reusing its own buffers for the next window.
      thread.worker.postMessage({ id, input: Float32Array.from(input), state: Float32Array.from(state) });
    });
  };
}
