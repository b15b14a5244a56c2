import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors";
import { createLogger } from "../core/log";
import type { PcmFrame, SpeechToText, SttEvent, TextToSpeech } from "../core/ports";
import { failoverStt, failoverTts } from "./failover";
import { createScriptedStt } from "./stt/fake";
import { createToneTts } from "./tts/fake";

const COOLDOWN_MS = 10_000;

/** A clock the test moves by hand, and the log lines written so far. */
function harness() {
  let nowMs = 1_000;
  const lines: Record<string, unknown>[] = [];
  return {
    options: {
      cooldownMs: COOLDOWN_MS,
      now: () => nowMs,
      log: createLogger({ svc: "test" }, "debug", (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    },
    advance: (ms: number) => void (nowMs += ms),
    lines,
  };
}

const cold = <T extends object>(options: T) => ({ ...options, standby: "cold" as const });

function frame(index: number): PcmFrame {
  return { samples: new Int16Array(320).fill(index), sampleRate: 16000 };
}

async function* speech(count: number): AsyncIterable<PcmFrame> {
  for (let i = 0; i < count; i++) {
    await Promise.resolve();
    yield frame(i);
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * A scripted STT that reads `failAfterFrames` frames, yields its interims,
 * then throws (or, with no failure, answers `text` once its audio ends).
 * It records the first sample of every frame it heard.
 */
function scriptedStt(script: { name?: string; failAfterFrames?: number; interims?: string[]; text?: string }) {
  const heard: number[][] = [];
  let calls = 0;
  const stt: SpeechToText = {
    name: script.name ?? "cloud-stt",
    sampleRate: 16000,
    async *transcribe(frames) {
      calls += 1;
      const mine: number[] = [];
      heard.push(mine);
      for await (const f of frames) {
        mine.push(f.samples[0]!);
        if (mine.length === script.failAfterFrames) {
          for (const text of script.interims ?? []) yield { type: "interim", text } satisfies SttEvent;
          throw new AppError("PROVIDER_ERROR", `${stt.name}: stream closed unexpectedly`, { retryable: true });
        }
      }
      if (script.failAfterFrames === 0) throw new AppError("UNAVAILABLE", `${stt.name}: connect ECONNREFUSED`, { retryable: true });
      yield { type: "final", text: script.text ?? "from the cloud" };
    },
  };
  return { stt, heard, calls: () => calls };
}

/** A scripted TTS that yields `failAfterFrames` frames then throws, or a full tone. */
function scriptedTts(script: { name?: string; failAfterFrames?: number; silent?: boolean }) {
  const texts: string[] = [];
  const tts: TextToSpeech = {
    name: script.name ?? "cloud-tts",
    sampleRate: 16000,
    async *synthesize(text, options) {
      texts.push(text);
      if (script.silent) return;
      let played = 0;
      for await (const f of createToneTts().synthesize(text, options)) {
        if (played === script.failAfterFrames) throw new AppError("TIMEOUT", `${tts.name}: stream stalled`, { retryable: true });
        played += 1;
        yield { samples: f.samples.map(() => 1), sampleRate: f.sampleRate };
      }
    },
  };
  return { tts, texts };
}

describe("failoverStt, cold standby", () => {
  it("sends the utterance to the standby when the primary fails before any output", async () => {
    const { options, lines } = harness();
    const primary = scriptedStt({ failAfterFrames: 0 });
    const standby = scriptedStt({ name: "local-stt", text: "what are your opening hours" });

    const events = await collect(failoverStt(primary.stt, standby.stt, cold(options)).transcribe(speech(6)));

    expect(events).toEqual([{ type: "final", text: "what are your opening hours" }]);
    expect(standby.heard).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "warn", primary: "cloud-stt", standby: "local-stt", phase: "before output", code: "UNAVAILABLE" }),
    );
  });

  it("replays the whole utterance to the standby when the primary dies mid-stream", async () => {
    const { options, lines } = harness();
    const primary = scriptedStt({ failAfterFrames: 4, interims: ["what are"] });
    const standby = scriptedStt({ name: "local-stt", text: "what are your opening hours" });

    const events = await collect(failoverStt(primary.stt, standby.stt, cold(options)).transcribe(speech(10)));

    expect(events).toEqual([
      { type: "interim", text: "what are" },
      { type: "final", text: "what are your opening hours" },
    ]);
    expect(primary.heard).toEqual([[0, 1, 2, 3]]);
    // The frames the primary already took, then the live rest: nothing lost, nothing twice.
    expect(standby.heard).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", phase: "mid-stream", retryable: true }));
  });

  it("skips a failed primary for the cooldown, then probes it again and takes it back", async () => {
    const { options, advance, lines } = harness();
    let healthy = false;
    const primary: SpeechToText = {
      name: "cloud-stt",
      sampleRate: 16000,
      async *transcribe(frames) {
        calls += 1;
        for await (const f of frames) void f;
        if (!healthy) throw new AppError("PROVIDER_ERROR", "cloud-stt: HTTP 503", { retryable: true });
        yield { type: "final", text: "cloud" };
      },
    };
    let calls = 0;
    const stt = failoverStt(primary, createScriptedStt(["local"]), cold(options));

    expect(await collect(stt.transcribe(speech(2)))).toEqual([{ type: "final", text: "local" }]);
    expect(calls).toBe(1);
    advance(COOLDOWN_MS - 1);
    expect(await collect(stt.transcribe(speech(2)))).toEqual([{ type: "final", text: "local" }]);
    expect(calls).toBe(1); // skipped while cooling down

    advance(1);
    expect(await collect(stt.transcribe(speech(2)))).toEqual([{ type: "final", text: "local" }]);
    expect(calls).toBe(2); // probed, failed again: a new cooldown starts
    expect(lines.filter((l) => l.msg === "stt primary probe failed")).toHaveLength(1);
    advance(COOLDOWN_MS / 2);
    await collect(stt.transcribe(speech(2)));
    expect(calls).toBe(2);

    healthy = true;
    advance(COOLDOWN_MS / 2);
    expect(await collect(stt.transcribe(speech(2)))).toEqual([{ type: "final", text: "cloud" }]);
    expect(await collect(stt.transcribe(speech(2)))).toEqual([{ type: "final", text: "cloud" }]);
    expect(calls).toBe(4);
    expect(lines).toContainEqual(expect.objectContaining({ level: "info", msg: "stt primary recovered", primary: "cloud-stt" }));
  });

  it("throws one AppError naming both failures when the standby fails too", async () => {
    const { options } = harness();
    const primary = scriptedStt({ failAfterFrames: 0 });
    const standby = scriptedStt({ name: "local-stt", failAfterFrames: 2 });

    const error = await collect(failoverStt(primary.stt, standby.stt, cold(options)).transcribe(speech(4))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", retryable: true });
    expect((error as AppError).message).toMatch(/cloud-stt: connect ECONNREFUSED.*local-stt: stream closed unexpectedly/);
  });

  it("ends quietly on abort without failing over or blaming the primary", async () => {
    const { options, lines } = harness();
    const controller = new AbortController();
    const primary: SpeechToText = {
      name: "cloud-stt",
      sampleRate: 16000,
      async *transcribe(frames) {
        for await (const f of frames) {
          void f;
          controller.abort();
          // What a careless adapter might do once the abort tears its socket down.
          if (controller.signal.aborted) throw new AppError("PROVIDER_ERROR", "socket closed", { retryable: true });
        }
        yield { type: "final", text: "never reached" };
      },
    };
    const standby = scriptedStt({ name: "local-stt" });

    const events = await collect(failoverStt(primary, standby.stt, cold(options)).transcribe(speech(4), { signal: controller.signal }));

    expect(events).toEqual([]);
    expect(standby.calls()).toBe(0);
    expect(lines).toEqual([]);
  });

  it("passes on a failure of the caller's own audio stream without blaming the primary", async () => {
    const { options, lines } = harness();
    async function* brokenInput(): AsyncIterable<PcmFrame> {
      yield frame(0);
      throw new AppError("BAD_REQUEST", "corrupt frame");
    }
    const primary = scriptedStt({});
    const standby = scriptedStt({ name: "local-stt" });
    const error = await collect(failoverStt(primary.stt, standby.stt, cold(options)).transcribe(brokenInput())).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "corrupt frame" });
    expect(standby.calls()).toBe(0);
    expect(lines).toEqual([]);
  });

  it("keeps a final once it is given, even if the primary fails afterwards", async () => {
    const { options } = harness();
    const primary: SpeechToText = {
      name: "cloud-stt",
      sampleRate: 16000,
      async *transcribe(frames) {
        for await (const f of frames) void f;
        yield { type: "final", text: "cloud" };
        throw new AppError("PROVIDER_ERROR", "late failure", { retryable: true });
      },
    };
    const standby = scriptedStt({ name: "local-stt" });
    expect(await collect(failoverStt(primary, standby.stt, cold(options)).transcribe(speech(3)))).toEqual([{ type: "final", text: "cloud" }]);
    expect(standby.calls()).toBe(0);
  });

  it("refuses engines at different sample rates", () => {
    const { options } = harness();
    const narrowband = { ...createScriptedStt(["x"]), name: "narrow", sampleRate: 8000 };
    expect(() => failoverStt(narrowband, createScriptedStt(["y"]), cold(options))).toThrow(/8000 Hz.*16000 Hz/);
  });
});

describe("failoverTts", () => {
  it("speaks with the standby when the primary fails before its first frame", async () => {
    const { options, lines } = harness();
    const primary = scriptedTts({ failAfterFrames: 0 });

    const frames = await collect(failoverTts(primary.tts, createToneTts(), options).synthesize("We open at seven."));

    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.samples[0] !== 1)).toBe(true); // all from the standby's tone
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", phase: "before output", code: "TIMEOUT", framesPlayed: 0 }));
  });

  it("restarts the sentence on the standby when the primary fails mid-stream", async () => {
    const { options, lines } = harness();
    const primary = scriptedTts({ failAfterFrames: 3 });
    const standby = scriptedTts({ name: "local-tts" });

    const frames = await collect(failoverTts(primary.tts, standby.tts, options).synthesize("We open at seven."));

    const full = (await collect(createToneTts().synthesize("We open at seven."))).length;
    expect(frames).toHaveLength(3 + full);
    expect(standby.texts).toEqual(["We open at seven."]);
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", phase: "mid-stream", framesPlayed: 3 }));
  });

  it("treats no audio for speakable text as a failure, but not for unspeakable text", async () => {
    const { options } = harness();
    const primary = scriptedTts({ silent: true });
    const standby = scriptedTts({ name: "local-tts" });
    const tts = failoverTts(primary.tts, standby.tts, options);

    expect(await collect(tts.synthesize("..."))).toEqual([]);
    expect(standby.texts).toEqual([]);
    expect((await collect(tts.synthesize("Hello."))).length).toBeGreaterThan(0);
    expect(standby.texts).toEqual(["Hello."]);
  });

  it("skips a failed primary for the cooldown, then probes it and recovers", async () => {
    const { options, advance, lines } = harness();
    const cloud = switchableTts();
    const primary = cloud.tts;
    const standby = scriptedTts({ name: "local-tts" });
    const tts = failoverTts(primary, standby.tts, options);

    await collect(tts.synthesize("One."));
    await collect(tts.synthesize("Two."));
    expect(cloud.calls).toBe(1);
    expect(standby.texts).toEqual(["One.", "Two."]);

    cloud.failing = false;
    advance(COOLDOWN_MS);
    await collect(tts.synthesize("Three."));
    await collect(tts.synthesize("Four."));
    expect(cloud.calls).toBe(3);
    expect(standby.texts).toEqual(["One.", "Two."]);
    expect(lines.map((l) => l.msg)).toEqual(["tts primary failed, switching to standby", "tts primary recovered"]);
  });

  it("throws when the standby fails too", async () => {
    const { options } = harness();
    const primary = scriptedTts({ failAfterFrames: 0 });
    const standby = scriptedTts({ name: "local-tts", failAfterFrames: 0 });
    const error = await collect(failoverTts(primary.tts, standby.tts, options).synthesize("Hello.")).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect((error as AppError).message).toMatch(/both failed: cloud-tts.*local-tts/);
  });

  it("a barge-in during the probe does not leave the primary skipped for good", async () => {
    const { options, advance } = harness();
    const cloud = switchableTts();
    const tts = failoverTts(cloud.tts, createToneTts(), options);
    await collect(tts.synthesize("One."));
    cloud.failing = false;
    advance(COOLDOWN_MS);
    // The probe: the caller talks over the first frame, and the pipeline stops reading.
    for await (const f of tts.synthesize("A long answer that goes on.")) {
      void f;
      break;
    }
    await collect(tts.synthesize("Three."));
    expect(cloud.calls).toBe(3);
  });

  it("stops quietly when aborted mid-sentence, without falling back", async () => {
    const { options, lines } = harness();
    const standby = scriptedTts({ name: "local-tts" });
    const controller = new AbortController();
    let received = 0;
    const tts = failoverTts(createToneTts(), standby.tts, options);
    for await (const f of tts.synthesize("A long answer that goes on.", { signal: controller.signal })) {
      void f;
      if (++received === 2) controller.abort();
    }
    expect(received).toBe(2);
    expect(standby.texts).toEqual([]);
    expect(lines).toEqual([]);
  });
});

/** A cloud voice that fails (HTTP 500) while `failing` is set and speaks a tone otherwise; counts its calls. */
function switchableTts() {
  const state = { failing: true, calls: 0, tts: undefined as unknown as TextToSpeech };
  state.tts = {
    name: "cloud-tts",
    sampleRate: 16000,
    async *synthesize(text, streamOptions) {
      state.calls += 1;
      if (state.failing) throw new AppError("PROVIDER_ERROR", "HTTP 500", { retryable: true });
      yield* createToneTts().synthesize(text, streamOptions);
    },
  };
  return state;
}
