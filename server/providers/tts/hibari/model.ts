import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { readJsonAsset } from "./assets";
import type { Spectra } from "./dsp";

/**
 * hibari.onnx (opset 17, int8, 7.9 MB) through onnxruntime-node; outputs are
 * bit-identical to Python onnxruntime's. In: `ids` int64 [1, L] (vocab ids
 * with 0 at both ends), `speed` float32 [1]. Out: lh, theta, ln, lr, phi
 * float32 [1, 601, F] and f0 [1, F], 12.5 ms frames.
 */
export class HibariModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly vocab: Readonly<Record<string, number>>,
  ) {}

  static async load(dir: string, threads = 1): Promise<HibariModel> {
    const session = await ort.InferenceSession.create(join(dir, "hibari.onnx"), {
      executionProviders: ["cpu"],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
    });
    return new HibariModel(session, readJsonAsset<Record<string, number>>(dir, "vocab.json"));
  }

  /** Phoneme string → ids with the 0 pads; characters outside the vocabulary are dropped, as hibari does. */
  ids(phonemes: string): number[] {
    const ids = [0];
    for (const c of phonemes) {
      const id = Object.hasOwn(this.vocab, c) ? this.vocab[c] : undefined;
      if (id !== undefined) ids.push(id);
    }
    ids.push(0);
    return ids;
  }

  async run(ids: readonly number[], speed = 1): Promise<Spectra> {
    const result = await this.session.run({
      ids: new ort.Tensor("int64", BigInt64Array.from(ids, (id) => BigInt(id)), [1, ids.length]),
      speed: new ort.Tensor("float32", Float32Array.of(speed), [1]),
    });
    const out = (name: string) => {
      const tensor = result[name];
      if (!tensor || !(tensor.data instanceof Float32Array)) throw new Error(`hibari.onnx gave no float32 output ${name}`);
      return tensor.data;
    };
    return { lh: out("lh"), theta: out("theta"), ln: out("ln"), lr: out("lr"), phi: out("phi"), f0: out("f0") };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
