import { parentPort, workerData } from "node:worker_threads";
import { HibariEngine, type EngineOptions } from "./engine";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol";

/**
 * The TTS worker thread: owns the hibari engine (front end, ONNX sessions,
 * vocoder) so synthesis never blocks the job's event loop. Requests run one
 * at a time in arrival order; a cancel stops its request at the next block.
 */
const port = parentPort;
if (!port) throw new Error("the hibari worker must run in a worker thread");
const setup = workerData as WorkerSetup;
const post = (message: FromWorker) => port.postMessage(message);
const cancelled = new Set<number>();
const queue: Extract<ToWorker, { type: "synthesize" }>[] = [];
let running = false;
let current: number | undefined;
let engine: HibariEngine | undefined;

/** Lets queued messages (a cancel above all) in between blocks. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drain(): Promise<void> {
  if (running || !engine) return;
  running = true;
  try {
    for (let request = queue.shift(); request; request = queue.shift()) {
      const { id, text, speed } = request;
      current = id;
      const isCancelled = () => cancelled.has(id);
      try {
        for await (const samples of engine.synthesize(text, { speed, cancelled: isCancelled })) {
          if (isCancelled()) break;
          post({ type: "audio", id, samples });
          await breathe();
        }
        post({ type: "end", id });
      } catch (error) {
        post({ type: "error", id, message: error instanceof Error ? error.message : String(error) });
      } finally {
        cancelled.delete(id);
        current = undefined;
      }
    }
  } finally {
    running = false;
  }
}

port.on("message", (message: ToWorker) => {
  if (message.type === "cancel") {
    if (queue.some((r) => r.id === message.id)) {
      queue.splice(queue.findIndex((r) => r.id === message.id), 1);
      post({ type: "end", id: message.id });
    } else if (current === message.id) cancelled.add(message.id);
    return;
  }
  queue.push(message);
  void drain();
});

const started = performance.now();
const options: EngineOptions = setup.options;
HibariEngine.load(setup.assetsDir, options).then(
  async (loaded) => {
    engine = loaded;
    // One synthesis compiles the hot paths and runs each ONNX session once before any caller waits.
    for await (const block of loaded.synthesize("Hello, Harbor.")) void block;
    post({ type: "ready", loadMs: Math.round(performance.now() - started) });
    void drain();
  },
  (error: unknown) => post({ type: "load-failed", message: error instanceof Error ? error.message : String(error) }),
);
