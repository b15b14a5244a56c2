// One Silero session on its own thread (see silero-threads.ts): runs each 32 ms window it is sent.
// Plain JS so the thread needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import ort from "onnxruntime-node";

const session = await ort.InferenceSession.create(workerData.modelPath, { interOpNumThreads: 1, intraOpNumThreads: 1, executionMode: "sequential" });
const sr = new ort.Tensor("int64", BigInt64Array.from([BigInt(workerData.rate)]));
parentPort.on("message", async ({ id, input, state }) => {
  try {
    const result = await session.run({
      input: new ort.Tensor("float32", input, [1, input.length]),
      state: new ort.Tensor("float32", state, [2, 1, 128]),
      sr,
    });
    const next = new Float32Array(result.stateN.data);
    parentPort.postMessage({ id, probability: result.output.data[0] ?? 0, state: next }, [next.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
parentPort.postMessage({ ready: true });
