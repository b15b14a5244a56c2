import { Worker } from "node:worker_threads";
import { AppError } from "../../../core/errors";
import { AsyncQueue } from "../../../voice/async-queue";
import type { EngineOptions } from "./engine";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol";

interface Pending {
  readonly queue: AsyncQueue<Int16Array>;
  failure?: AppError;
}

/**
 * The job's handle on its TTS worker thread: starts it, streams each text's
 * 24 kHz blocks back, and cancels a synthesis when its signal aborts. One
 * worker per process and assets folder (see `hibariWorker`); a worker that
 * dies is replaced on the next request.
 */
export class HibariWorkerClient {
  private worker: Worker | undefined;
  private ready: Promise<number> | undefined;
  private nextId = 1;
  private active = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly setup: WorkerSetup) {}

  /** Resolves with the load time (ms) once the engine is loaded and warmed; starts the worker if needed. */
  start(): Promise<number> {
    this.ready ??= new Promise<number>((resolve, reject) => {
      const worker = new Worker(new URL("./worker-entry.mjs", import.meta.url), { workerData: this.setup });
      this.worker = worker;
      worker.on("message", (message: FromWorker) => {
        if (message.type === "ready") resolve(message.loadMs);
        else if (message.type === "load-failed") reject(new AppError("UNAVAILABLE", `hibari voice failed to load: ${message.message}`));
        else this.onStream(message);
      });
      worker.on("error", (error) => this.onExit(reject, new AppError("PROVIDER_ERROR", `hibari worker crashed: ${error.message}`, { cause: error })));
      worker.on("exit", (code) => this.onExit(reject, new AppError("PROVIDER_ERROR", `hibari worker exited (${code})`, { retryable: true })));
      // Referenced only while something waits on it (see busy()): an idle synthesis thread must not keep a process alive.
      worker.unref();
    });
    return this.busy(this.ready);
  }

  /** Keeps the process alive while `work` runs, then lets an idle worker go unreferenced again. */
  private async busy<T>(work: Promise<T>): Promise<T> {
    this.active += 1;
    this.worker?.ref();
    try {
      return await work;
    } finally {
      this.active -= 1;
      if (this.active === 0) this.worker?.unref();
    }
  }

  /** 24 kHz 16-bit blocks of `text`; an abort stops the synthesis and ends the stream quietly. */
  async *synthesize(text: string, options: { signal?: AbortSignal; speed?: number } = {}): AsyncIterable<Int16Array> {
    const { signal } = options;
    if (signal?.aborted) return;
    await this.start();
    if (signal?.aborted) return;
    const id = this.nextId++;
    const pending: Pending = { queue: new AsyncQueue<Int16Array>() };
    this.pending.set(id, pending);
    const onAbort = () => pending.queue.close();
    signal?.addEventListener("abort", onAbort, { once: true });
    this.post({ type: "synthesize", id, text, speed: options.speed ?? 1 });
    let finished = false;
    this.active += 1;
    this.worker?.ref();
    try {
      for await (const block of pending.queue) {
        if (signal?.aborted) break;
        yield block;
      }
      if (pending.failure && !signal?.aborted) throw pending.failure;
      finished = !signal?.aborted;
    } finally {
      this.active -= 1;
      if (this.active === 0) this.worker?.unref();
      signal?.removeEventListener("abort", onAbort);
      this.pending.delete(id);
      // Stopped early (barge-in, or the consumer let go): the worker drops it at its next block.
      if (!finished) this.post({ type: "cancel", id });
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    await worker?.terminate();
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private onStream(message: Exclude<FromWorker, { type: "ready" | "load-failed" }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.type === "audio") pending.queue.push(message.samples);
    else {
      if (message.type === "error") pending.failure = new AppError("PROVIDER_ERROR", `hibari synthesis failed: ${message.message}`);
      pending.queue.close();
    }
  }

  private onExit(reject: (error: AppError) => void, error: AppError): void {
    if (!this.worker) return;
    this.worker = undefined;
    this.ready = undefined;
    reject(error);
    for (const pending of this.pending.values()) {
      pending.failure = error;
      pending.queue.close();
    }
  }
}

const workers = new Map<string, HibariWorkerClient>();

/** The process's worker for this assets folder: every TTS built on it shares one engine. */
export function hibariWorker(assetsDir: string, options: EngineOptions = {}): HibariWorkerClient {
  let worker = workers.get(assetsDir);
  if (!worker) {
    worker = new HibariWorkerClient({ assetsDir, options });
    workers.set(assetsDir, worker);
  }
  return worker;
}
