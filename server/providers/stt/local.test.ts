import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "../../core/errors";
import type { PcmFrame, SttEvent } from "../../core/ports";
import { chunkFrames, readWav } from "../../voice/audio";
import { createPocketsphinxStt, preloadPocketsphinx } from "./local";
import { pocketsphinx } from "./pocketsphinx-ffi";

function fixture(name: string): PcmFrame {
  return readWav(readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${name}`, import.meta.url))));
}

async function* stream(audio: PcmFrame): AsyncIterable<PcmFrame> {
  for (const frame of chunkFrames(audio, 20)) yield frame;
}

async function collect(events: AsyncIterable<SttEvent>): Promise<SttEvent[]> {
  const out: SttEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

function finalText(events: SttEvent[]): string | undefined {
  const finals = events.filter((e) => e.type === "final");
  expect(finals).toHaveLength(1);
  expect(events.at(-1)?.type).toBe("final");
  return finals[0]?.text;
}

// Spy before anything loads, to prove the whole file shares one decoder.
const initDecoder = vi.spyOn(pocketsphinx(), "initDecoder");

describe("pocketsphinx STT", () => {
  const stt = createPocketsphinxStt();

  beforeAll(() => preloadPocketsphinx(), 10_000);

  it("transcribes a spoken question, with interim results on the way", async () => {
    const events = await collect(stt.transcribe(stream(fixture("opening-hours.wav"))));
    expect(finalText(events)).toContain("opening hours");
    expect(events.filter((e) => e.type === "interim").length).toBeGreaterThan(0);
  });

  it("hears nothing in silence", async () => {
    const events = await collect(stt.transcribe(stream(fixture("silence.wav"))));
    expect(finalText(events)?.split(/\s+/).filter(Boolean).length ?? 0).toBeLessThanOrEqual(1);
  });

  it("serves utterances in a row, and concurrent ones one at a time, from one decoder", async () => {
    expect(finalText(await collect(stt.transcribe(stream(fixture("hello.wav")))))).toContain("hello");
    const [first, second] = await Promise.all([
      collect(stt.transcribe(stream(fixture("opening-hours.wav")))),
      collect(createPocketsphinxStt().transcribe(stream(fixture("hello.wav")))),
    ]);
    expect(finalText(first)).toContain("opening hours");
    expect(finalText(second)).toContain("hello");
    expect(initDecoder).toHaveBeenCalledTimes(1);
  });

  it("yields a final empty transcript for no audio at all", async () => {
    expect(await collect(stt.transcribe(stream({ samples: new Int16Array(0), sampleRate: 16000 })))).toEqual([
      { type: "final", text: "" },
    ]);
  });

  it("rejects audio at the wrong sample rate, and stays usable", async () => {
    const wrongRate = stt.transcribe(stream({ samples: new Int16Array(8000), sampleRate: 8000 }));
    const error = await collect(wrongRate).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    expect((error as AppError).message).toMatch(/16000 Hz.*8000 Hz/);
    expect(finalText(await collect(stt.transcribe(stream(fixture("hello.wav")))))).toContain("hello");
  });

  it("ends quietly on abort, even while its input is idle, and frees the decoder", async () => {
    const controller = new AbortController();
    let inputIdle = false;
    async function* speechThenNothing(): AsyncIterable<PcmFrame> {
      yield* stream(fixture("hello.wav"));
      inputIdle = true;
      await new Promise(() => undefined); // a caller who stays on the line, sending nothing
    }
    const events: SttEvent[] = [];
    const done = (async () => {
      for await (const event of stt.transcribe(speechThenNothing(), { signal: controller.signal })) events.push(event);
    })();
    await vi.waitFor(() => expect(inputIdle).toBe(true), { timeout: 5_000 });
    controller.abort();
    await done;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === "interim")).toBe(true);
    expect(finalText(await collect(stt.transcribe(stream(fixture("hello.wav")))))).toContain("hello");
  });
});
