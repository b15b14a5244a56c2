import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { extractSlots } from "../../core/dialogue/slots";
import { AppError } from "../../core/errors";
import type { PcmFrame, SttEvent } from "../../core/ports";
import { chunkFrames, concatFrames, readWav, silence } from "../../voice/audio";
import { endOfTurnDelayMs, turnCue } from "../../voice/endpointing";
import { createFliteTts } from "../tts/local";
import { cleanVoskText, createVoskStt, preloadVosk } from "./vosk";
import { buildDomainLm } from "./domain-lm";
import { vosk, type Hypothesis, type ModelHandle, type RecognizerHandle, type VoskApi } from "./vosk-ffi";

// Fetched by `npm start` / `npm test` (scripts/lib/prereqs.mjs ensureVosk).
const options = { modelDir: resolve(".cache/vosk/model-en-us"), library: resolve(".cache/vosk/libvosk.so") };

function fixture(name: string): PcmFrame {
  return readWav(readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${name}`, import.meta.url))));
}

async function speak(text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice: "rms" }).synthesize(text)) frames.push(frame);
  return concatFrames([...frames, silence(300, 16000)]);
}

async function* stream(audio: PcmFrame, frameMs = 20): AsyncIterable<PcmFrame> {
  for (const frame of chunkFrames(audio, frameMs)) yield frame;
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

/**
 * Share of the wall time `work` kept the event loop busy (its event-loop
 * utilisation). Unlike timer lag this does not grow when the machine is short
 * of CPU: a loop waiting for a worker thread counts as idle however late it wakes.
 */
async function loopBusyShare(work: () => Promise<unknown>): Promise<number> {
  const start = performance.eventLoopUtilization();
  await work();
  return performance.eventLoopUtilization(performance.eventLoopUtilization(), start).utilization;
}

describe("vosk STT (real model)", () => {
  const api = vosk(options.library);
  // Spied before anything loads, to prove the file shares one model and frees every recognizer.
  const loadModel = vi.spyOn(api, "loadModel");
  const freeRecognizer = vi.spyOn(api, "freeRecognizer");
  const stt = createVoskStt(options);

  it("loads the model without holding the event loop", async () => {
    // A synchronous load keeps the loop busy for the whole ≈ 0.6 s (utilisation ≈ 1).
    expect(await loopBusyShare(() => preloadVosk(options))).toBeLessThan(0.3);
  }, 20_000);

  it("transcribes a spoken question, with partial transcripts on the way", async () => {
    const events = await collect(stt.transcribe(stream(fixture("opening-hours.wav"))));
    expect(finalText(events)).toContain("opening hours");
    const interims = events.filter((e) => e.type === "interim").map((e) => e.text);
    expect(interims.length).toBeGreaterThan(1);
    expect(interims.some((text) => text.startsWith("what"))).toBe(true);
  });

  it("decodes without holding the event loop, even when audio comes in one big frame", async () => {
    const audio = fixture("opening-hours.wav");
    let text: string | undefined;
    const busy = await loopBusyShare(async () => {
      text = finalText(await collect(stt.transcribe(stream(audio, 14_000))));
    });
    expect(text).toContain("opening hours");
    // Decoding this takes ≈ 1 s of CPU; done on the loop, utilisation would be ≈ 1.
    expect(busy).toBeLessThan(0.3);
  });

  it("hears nothing in silence", async () => {
    expect(finalText(await collect(stt.transcribe(stream(fixture("silence.wav")))))).toBe("");
  });

  it("serves utterances in a row and concurrently from one model", async () => {
    expect(finalText(await collect(stt.transcribe(stream(fixture("hello.wav")))))).toBe("hello there");
    const [first, second] = await Promise.all([
      collect(stt.transcribe(stream(fixture("opening-hours.wav")))),
      collect(createVoskStt(options).transcribe(stream(fixture("hello.wav")))),
    ]);
    expect(finalText(first)).toContain("opening hours");
    expect(finalText(second)).toBe("hello there");
    expect(loadModel).toHaveBeenCalledTimes(1);
  });

  it("yields a final empty transcript for no audio at all", async () => {
    expect(await collect(stt.transcribe(stream({ samples: new Int16Array(0), sampleRate: 16000 })))).toEqual([
      { type: "final", text: "" },
    ]);
  });

  it("rejects audio at the wrong sample rate, and stays usable", async () => {
    const error = await collect(stt.transcribe(stream({ samples: new Int16Array(8000), sampleRate: 8000 }))).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("BAD_REQUEST");
    expect((error as AppError).message).toMatch(/16000 Hz.*8000 Hz/);
    expect(finalText(await collect(stt.transcribe(stream(fixture("hello.wav")))))).toBe("hello there");
  });

  it("ends quietly on abort while its input is idle, and frees the recognizer", async () => {
    const controller = new AbortController();
    let inputIdle = false;
    async function* speechThenNothing(): AsyncIterable<PcmFrame> {
      yield* stream(fixture("hello.wav"));
      inputIdle = true;
      await new Promise(() => undefined); // a caller who stays on the line, sending nothing
    }
    const freedBefore = freeRecognizer.mock.calls.length;
    const events: SttEvent[] = [];
    const done = (async () => {
      for await (const event of stt.transcribe(speechThenNothing(), { signal: controller.signal })) events.push(event);
    })();
    await vi.waitFor(() => expect(inputIdle).toBe(true), { timeout: 30_000 });
    controller.abort();
    await done;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === "interim")).toBe(true);
    expect(freeRecognizer.mock.calls.length).toBe(freedBefore + 1);
    expect(finalText(await collect(stt.transcribe(stream(fixture("hello.wav")))))).toBe("hello there");
  });

  it("frees the recognizer when the consumer stops reading", async () => {
    const freedBefore = freeRecognizer.mock.calls.length;
    for await (const event of stt.transcribe(stream(fixture("opening-hours.wav")))) {
      if (event.type === "interim") break;
    }
    expect(freeRecognizer.mock.calls.length).toBe(freedBefore + 1);
  });

  describe("with the dialogue and end of turn", () => {
    let orderAudio: PcmFrame;
    let danglingAudio: PcmFrame;
    beforeAll(async () => {
      [orderAudio, danglingAudio] = await Promise.all([speak("my order number is four two seven one"), speak("my order number is four two")]);
    });

    it("gives the slot parser an order number read out digit by digit", async () => {
      const text = finalText(await collect(stt.transcribe(stream(orderAudio))));
      expect(text).toMatch(/order number is four (two|to|too) seven one/);
      expect(extractSlots(text ?? "").orderNumber).toBe("4271");
    });

    it("lets a dangling partial lengthen the wait and a complete one shorten it", async () => {
      const lastInterim = async (audio: PcmFrame) =>
        (await collect(stt.transcribe(stream(audio)))).filter((e) => e.type === "interim").at(-1)?.text ?? "";
      const dangling = await lastInterim(danglingAudio);
      expect(turnCue(dangling)).toBe("incomplete");
      expect(endOfTurnDelayMs(dangling)).toBe(1400);
      const complete = await lastInterim(fixture("hello.wav"));
      expect(turnCue(complete)).toBe("complete");
      expect(endOfTurnDelayMs(complete)).toBe(150);
    });
  });
});

/** A scripted binding: per recognizer, what each accept returns and what the results say. */
function scriptedApi(script: {
  endpointAfterChunks?: number[];
  partials?: string[];
  results?: string[];
  final?: string | Hypothesis[];
  failOnChunk?: number;
  acceptDelayMs?: number;
}) {
  const log: string[] = [];
  const fed: number[] = [];
  let inFlight = 0;
  let freedWhileBusy = false;
  let chunk = 0;
  const partials = [...(script.partials ?? [])];
  const results = [...(script.results ?? [])];
  const api: VoskApi = {
    loadModel: vi.fn(async () => 1n as ModelHandle),
    newRecognizer: vi.fn(async () => 7n as RecognizerHandle),
    async acceptWaveform(_r, samples) {
      inFlight += 1;
      try {
        if (script.acceptDelayMs) await new Promise((r) => setTimeout(r, script.acceptDelayMs));
        chunk += 1;
        if (chunk === script.failOnChunk) throw new AppError("PROVIDER_ERROR", "decoder fell over");
        fed.push(...samples);
        log.push(`accept ${samples.length}`);
        return script.endpointAfterChunks?.includes(chunk) ?? false;
      } finally {
        inFlight -= 1;
      }
    },
    partialResult: async () => partials.shift() ?? "",
    result: async () => [{ text: results.shift() ?? "" }],
    finalResult: async () => (typeof script.final === "object" ? script.final : [{ text: script.final ?? "" }]),
    freeRecognizer: vi.fn(() => {
      if (inFlight > 0) freedWhileBusy = true;
      log.push("free");
    }),
  };
  return { api, log, fed, freedWhileBusy: () => freedWhileBusy };
}

function ramp(samples: number, start = 0): PcmFrame {
  return { samples: Int16Array.from({ length: samples }, (_, i) => (start + i) % 30000), sampleRate: 16000 };
}

describe("vosk STT (scripted binding)", () => {
  const base = { modelDir: "/models/test", library: "unused.so" };

  it("feeds every frame in order, splitting big ones, and frees the recognizer once", async () => {
    const fake = scriptedApi({ final: "hello" });
    const stt = createVoskStt({ ...base, api: fake.api });
    async function* frames(): AsyncIterable<PcmFrame> {
      yield ramp(320, 0);
      yield ramp(8000, 320); // half a second: fed as 3200 + 3200 + 1600
      yield ramp(320, 8320);
    }
    expect(await collect(stt.transcribe(frames()))).toEqual([{ type: "final", text: "hello" }]);
    expect(fake.fed).toEqual([...ramp(8640).samples]);
    expect(fake.log).toEqual(["accept 320", "accept 3200", "accept 3200", "accept 1600", "accept 320", "free"]);
  });

  it("joins the segments Vosk's endpointer closes, strips [unk], and skips empty partials", async () => {
    const fake = scriptedApi({
      endpointAfterChunks: [10],
      partials: ["my order", "", "my order [unk] is"],
      results: ["my order [unk] is"],
      final: "four two",
    });
    const stt = createVoskStt({ ...base, api: fake.api, partialEveryMs: 60 });
    async function* frames(): AsyncIterable<PcmFrame> {
      for (let i = 0; i < 12; i++) yield ramp(320);
    }
    const events = await collect(stt.transcribe(frames()));
    expect(events).toEqual([
      { type: "interim", text: "my order" },
      { type: "interim", text: "my order is" },
      { type: "final", text: "my order is four two" },
    ]);
  });

  it("on abort mid-decode, lets the call finish before freeing, and ends quietly", async () => {
    const fake = scriptedApi({ acceptDelayMs: 30 });
    const stt = createVoskStt({ ...base, api: fake.api });
    const controller = new AbortController();
    async function* frames(): AsyncIterable<PcmFrame> {
      for (;;) yield ramp(320);
    }
    setTimeout(() => controller.abort(), 50);
    expect(await collect(stt.transcribe(frames(), { signal: controller.signal }))).toEqual([]);
    expect(fake.api.freeRecognizer).toHaveBeenCalledTimes(1);
    expect(fake.freedWhileBusy()).toBe(false);
  });

  it("surfaces a decoder failure as the AppError it is, and still frees", async () => {
    const fake = scriptedApi({ failOnChunk: 2 });
    const stt = createVoskStt({ ...base, api: fake.api });
    await expect(collect(stt.transcribe(stream(ramp(3200))))).rejects.toMatchObject({ code: "PROVIDER_ERROR" });
    expect(fake.api.freeRecognizer).toHaveBeenCalledTimes(1);
  });

  it("takes nothing native for a stream that never sends audio, and retries a failed model load", async () => {
    const fake = scriptedApi({});
    vi.mocked(fake.api.loadModel).mockRejectedValueOnce(new AppError("UNAVAILABLE", "Vosk model missing at /models/test"));
    const stt = createVoskStt({ ...base, api: fake.api });
    async function* none(): AsyncIterable<PcmFrame> {}
    expect(await collect(stt.transcribe(none()))).toEqual([{ type: "final", text: "" }]);
    expect(fake.api.loadModel).not.toHaveBeenCalled();
    await expect(collect(stt.transcribe(stream(ramp(320))))).rejects.toThrow(/model missing/);
    expect(await collect(stt.transcribe(stream(ramp(320))))).toEqual([{ type: "final", text: "" }]);
    expect(fake.api.loadModel).toHaveBeenCalledTimes(2);
  });

  it("re-ranks the n-best list with the business's phrases, and asks for one only then", async () => {
    const heard: Hypothesis[] = [
      { text: "what are your opening others", confidence: 120.4 },
      { text: "what are your opening hours", confidence: 119.9 },
    ];
    const plain = scriptedApi({ final: heard });
    expect(await collect(createVoskStt({ ...base, api: plain.api }).transcribe(stream(ramp(320))))).toEqual([
      { type: "final", text: "what are your opening others" },
    ]);
    expect(plain.api.newRecognizer).toHaveBeenCalledWith(1n, 16000, { alternatives: 0 });

    const domainLm = buildDomainLm(["what are your opening hours", "when are you open"]);
    const ranked = scriptedApi({ final: heard });
    expect(await collect(createVoskStt({ ...base, api: ranked.api, domainLm }).transcribe(stream(ramp(320))))).toEqual([
      { type: "final", text: "what are your opening hours" },
    ]);
    expect(ranked.api.newRecognizer).toHaveBeenCalledWith(1n, 16000, { alternatives: 20 });
  });

  it("lets an out-of-domain question through: the domain model only breaks near-ties", async () => {
    const domainLm = buildDomainLm(["what are your opening hours", "do you have oat milk"]);
    const fake = scriptedApi({
      final: [
        { text: "who won the game last night", confidence: 131.2 },
        { text: "who won the gay last night", confidence: 130.1 },
        { text: "he won the game last night", confidence: 129.8 },
      ],
    });
    expect(await collect(createVoskStt({ ...base, api: fake.api, domainLm }).transcribe(stream(ramp(320))))).toEqual([
      { type: "final", text: "who won the game last night" },
    ]);
  });

  it("cleans Vosk's text: no [unk], digit homophones inside a digit string", () => {
    expect(cleanVoskText(" [unk] order  [unk] four ")).toBe("order four");
    expect(cleanVoskText("[unk]")).toBe("");
    expect(cleanVoskText("my order number is four to seven one")).toBe("my order number is four two seven one");
    expect(cleanVoskText("status of order for four zero one please")).toBe("status of order four four zero one please");
    expect(cleanVoskText("my order is eight one five to")).toBe("my order is eight one five two");
    // Not a digit string: left alone.
    expect(cleanVoskText("a table for four tomorrow")).toBe("a table for four tomorrow");
    expect(cleanVoskText("open from nine to five")).toBe("open from nine to five");
  });
});
