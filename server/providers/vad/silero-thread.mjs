// One Silero session on its own thread (see silero-threads.ts): runs each batch of 32 ms windows it is
// sent (input [N, samples], state [2, N, 128]) in one model run. Plain JS so the thread needs no TypeScript loader.
import { parentPort, workerData } from "node:worker_threads";
import ort from "onnxruntime-node";

const session = await ort.InferenceSession.create(workerData.modelPath, { interOpNumThreads: 1, intraOpNumThreads: 1, executionMode: "sequential" });
const sr = new ort.Tensor("int64", BigInt64Array.from([BigInt(workerData.rate)]));
parentPort.on("message", async ({ count, input, state }) => {
  try {
    const result = await session.run({
      input: new ort.Tensor("float32", input, [count, input.length / count]),
      state: new ort.Tensor("float32", state, [2, count, 128]),
      sr,
    });
    const probabilities = Float32Array.from(result.output.data);
    const next = Float32Array.from(result.stateN.data);
    parentPort.postMessage({ probabilities, state: next }, [probabilities.buffer, next.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
parentPort.postMessage({ ready: true });
