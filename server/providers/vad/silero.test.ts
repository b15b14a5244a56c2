import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { PcmFrame, VadEvent } from "../../core/ports";
import { chunkFrames, readWav } from "../../voice/audio";
import { loadSileroVad } from "./silero";

async function* framesOf(file: string): AsyncIterable<PcmFrame> {
  const wav = readWav(readFileSync(file));
  for (const frame of chunkFrames(wav, 20)) yield frame;
}

async function collect(events: AsyncIterable<VadEvent>): Promise<VadEvent[]> {
  const out: VadEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

describe("silero VAD", () => {
  it("finds exactly one speech segment in the spoken question", async () => {
    const vad = await loadSileroVad();
    const events = await collect(vad.detect(framesOf("e2e/fixtures/opening-hours.wav")));
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    const start = events[0];
    if (start?.type !== "speech_start") throw new Error("no speech_start");
    // The fixture has 4.0 s of leading silence.
    expect(start.streamMs).toBeGreaterThan(3700);
    expect(start.streamMs).toBeLessThan(4400);
    const end = events[1];
    if (end?.type !== "speech_end") throw new Error("no speech_end");
    // "what are your opening hours" in flite's slt voice lasts about 1.9 s.
    expect(end.speechMs).toBeGreaterThan(1200);
    expect(end.speechMs).toBeLessThan(3000);
  });

  it("finds no speech in silence", async () => {
    const vad = await loadSileroVad();
    const events = await collect(vad.detect(framesOf("e2e/fixtures/silence.wav")));
    expect(events).toEqual([]);
  });

  it("survives empty frames", async () => {
    const vad = await loadSileroVad();
    async function* frames(): AsyncIterable<PcmFrame> {
      yield { samples: new Int16Array(0), sampleRate: 16000 };
      yield* framesOf("e2e/fixtures/hello.wav");
    }
    const events = await collect(vad.detect(frames()));
    expect(events.filter((e) => e.type === "speech_start")).toHaveLength(1);
  });

  it("on worker threads, gives each of several concurrent calls the same segments as in-process", async () => {
    const strip = (events: VadEvent[]) => events.map((e) => ({ type: e.type, streamMs: e.streamMs }));
    const reference = strip(await collect((await loadSileroVad()).detect(framesOf("e2e/fixtures/opening-hours.wav"))));
    const shared = await loadSileroVad({ threads: 2 });
    const calls = await Promise.all(
      ["e2e/fixtures/opening-hours.wav", "e2e/fixtures/silence.wav", "e2e/fixtures/opening-hours.wav"].map(async (file) => strip(await collect(shared.detect(framesOf(file))))),
    );
    expect(calls).toEqual([reference, [], reference]);
  });
});

describe("silero VAD batches on its threads", () => {
  it("gives each window of a batch the probability and next state it gets alone", async () => {
    const { InferenceSession, Tensor } = await import("onnxruntime-node");
    const { createRequire } = await import("node:module");
    const { dirname, join } = await import("node:path");
    const model = join(dirname(createRequire(import.meta.url).resolve("@livekit/agents-plugin-silero")), "silero_vad.onnx");
    const session = await InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    const sr = new Tensor("int64", BigInt64Array.from([16000n]));
    const wav = readWav(readFileSync("e2e/fixtures/opening-hours.wav"));
    // Three calls at different points: silence, speech, and a state carried over from earlier speech.
    const windows = [100, 4200, 5000].map((ms, i) => ({
      input: Float32Array.from(wav.samples.subarray(ms * 16 - 64, ms * 16 + 512), (s) => s / 32768),
      state: new Float32Array(256).map((_, k) => (i === 2 ? Math.sin(k) * 0.1 : 0)),
    }));
    const alone: { probability: number; state: Float32Array }[] = [];
    for (const w of windows) {
      const r = await session.run({ input: new Tensor("float32", w.input, [1, 576]), state: new Tensor("float32", w.state, [2, 1, 128]), sr });
      alone.push({ probability: (r.output!.data as Float32Array)[0]!, state: Float32Array.from(r.stateN!.data as Float32Array) });
    }
    const { packBatch, unpackState } = await import("./silero-threads");
    const packed = packBatch(windows);
    const r = await session.run({ input: new Tensor("float32", packed.input, [3, 576]), state: new Tensor("float32", packed.state, [2, 3, 128]), sr });
    const probabilities = r.output!.data as Float32Array;
    windows.forEach((_, b) => {
      expect(probabilities[b]).toBeCloseTo(alone[b]!.probability, 5);
      const state = unpackState(Float32Array.from(r.stateN!.data as Float32Array), 3, b);
      expect(Math.max(...state.map((v, k) => Math.abs(v - alone[b]!.state[k]!)))).toBeLessThan(1e-5);
    });
    // Three different answers: a batch that mixed the calls up could not have matched each one.
    expect(new Set(alone.map((a) => a.probability.toFixed(6))).size).toBe(3);
  });
});
