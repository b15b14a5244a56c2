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
