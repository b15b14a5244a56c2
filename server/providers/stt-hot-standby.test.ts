import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../core/errors";
import { createLogger } from "../core/log";
import type { PcmFrame, SttEvent } from "../core/ports";
import { failoverStt, STT_FINAL_GRACE_MS, STT_LAG_MS, STT_LAGGING_GRACE_MS } from "./failover";
import { createScriptedStt } from "./stt/fake";

/**
 * The hot standby (stt-hot-standby.ts) with the shipped scripted STT on both
 * sides and a fake clock: the caller speaks 20 ms frames in real time, and
 * every figure below is a time on that clock.
 */
const FRAME_MS = 20;
const COOLDOWN_MS = 30_000;

function harness() {
  const lines: Record<string, unknown>[] = [];
  return {
    options: {
      cooldownMs: COOLDOWN_MS,
      log: createLogger({ svc: "test" }, "debug", (line) => lines.push(JSON.parse(line) as Record<string, unknown>)),
    },
    lines,
    warnings: () => lines.filter((l) => l.level === "warn"),
  };
}

/** `count` frames in real time; `ended.atMs` is when the caller stopped. */
function speech(count: number) {
  const ended = { atMs: Number.NaN };
  async function* frames(): AsyncIterable<PcmFrame> {
    for (let i = 0; i < count; i++) {
      await new Promise((r) => setTimeout(r, FRAME_MS));
      yield { samples: new Int16Array(320), sampleRate: 16000 };
    }
    ended.atMs = Date.now();
  }
  return { frames: frames(), ended };
}

/** Reads every event with the (fake) time it arrived, moving the clock until the stream ends. */
async function timed(events: AsyncIterable<SttEvent>, maxMs = 60_000): Promise<(SttEvent & { atMs: number })[]> {
  const out: (SttEvent & { atMs: number })[] = [];
  let done = false;
  const reading = (async () => {
    for await (const event of events) out.push({ ...event, atMs: Date.now() });
    done = true;
  })();
  for (let waited = 0; !done && waited < maxMs; waited += FRAME_MS) await vi.advanceTimersByTimeAsync(FRAME_MS);
  await reading;
  return out;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("failoverStt, hot standby", () => {
  it("gives the primary's transcript, with the standby listening from the first frame and stopped at the primary's final", async () => {
    const { options, warnings } = harness();
    const primary = createScriptedStt([{ interims: ["what are"], final: "what are your opening hours", finalDelayMs: 150 }]);
    const standby = createScriptedStt([{ interims: ["what"], final: "what are you opening ours", finalDelayMs: 400 }], { name: "local" });
    const startedAt = Date.now();
    const { frames } = speech(50);

    const events = await timed(failoverStt(primary, standby, options).transcribe(frames));
    await vi.advanceTimersByTimeAsync(1000);

    expect(events.map(({ type, text }) => ({ type, text }))).toEqual([
      { type: "interim", text: "what are" },
      { type: "final", text: "what are your opening hours" },
    ]);
    expect(standby.utterances).toEqual([{ framesHeard: 50, startedAtMs: startedAt, ended: "aborted" }]);
    expect(standby.finals).toEqual([]);
    expect(warnings()).toEqual([]);
  });

  it("when the primary dies mid-utterance, goes on with the standby's latest interim and gives its final as the caller stops", async () => {
    const { options, warnings } = harness();
    const fail = new AppError("PROVIDER_ERROR", "deepgram: the stream closed unexpectedly (code 1006)", { retryable: true });
    const primary = createScriptedStt([{ interims: ["what are"], fail, failAfterFrames: 20 }]);
    const standby = createScriptedStt([{ interims: ["what", { text: "what are your", atMs: 200 }, { text: "what are your opening hours", atMs: 700 }], final: "what are your opening hours" }], { name: "local" });
    const { frames, ended } = speech(50);

    const events = await timed(failoverStt(primary, standby, options).transcribe(frames));

    expect(events.map(({ type, text }) => ({ type, text }))).toEqual([
      { type: "interim", text: "what are" },
      { type: "interim", text: "what are your" },
      { type: "interim", text: "what are your opening hours" },
      { type: "final", text: "what are your opening hours" },
    ]);
    // No replay: one standby run, from the start, and its final the moment the audio ended.
    expect(standby.calls).toBe(1);
    expect(standby.utterances[0]!.framesHeard).toBe(50);
    expect(events.at(-1)!.atMs - ended.atMs).toBeLessThanOrEqual(FRAME_MS);
    expect(warnings()).toEqual([expect.objectContaining({ phase: "mid-stream", standbyMode: "hot", code: "PROVIDER_ERROR" })]);
  });

  it("when the primary hangs, gives the standby's final a grace after the audio ends, then skips the primary once judged hung", async () => {
    const { options, warnings } = harness();
    const primary = createScriptedStt([{ interims: ["what are"], hangAfterFrames: 10 }, "cloud"]);
    const standby = createScriptedStt(["what are your opening hours", "local"], { name: "local" });
    const stt = failoverStt(primary, standby, { ...options, judgeMs: 3000 });
    const { frames, ended } = speech(50);

    const events = await timed(stt.transcribe(frames));

    expect(events.map(({ type, text }) => ({ type, text }))).toEqual([
      { type: "interim", text: "what are" },
      { type: "final", text: "what are your opening hours" },
    ]);
    const waited = events.at(-1)!.atMs - ended.atMs;
    expect(waited).toBeGreaterThanOrEqual(STT_FINAL_GRACE_MS);
    expect(waited).toBeLessThanOrEqual(STT_FINAL_GRACE_MS + FRAME_MS);
    expect(warnings()).toEqual([]); // not judged yet: it may still answer

    await vi.advanceTimersByTimeAsync(3000);
    expect(primary.utterances[0]!.ended).toBe("aborted");
    expect(warnings()).toEqual([expect.objectContaining({ phase: "hung", code: "TIMEOUT", standbyMode: "hot" })]);
    expect((await timed(stt.transcribe(speech(5).frames))).at(-1)).toMatchObject({ text: "local" });
    expect(primary.calls).toBe(1);
  });

  it("a primary that goes quiet mid-sentence has its stale interim replaced by the standby's, and its final awaited only briefly", async () => {
    const { options } = harness();
    // Quiet from 300 ms on, the socket still open: the end of turn would read "can you" (or worse, "can you tell me a").
    const primary = createScriptedStt([{ interims: ["can you"], hangAfterFrames: 15 }]);
    const standby = createScriptedStt(
      [{ interims: [{ text: "can you", atMs: 100 }, { text: "can you tell me a", atMs: 600 }, { text: "can you tell me a short story", atMs: 1200 }], final: "can you tell me a short story about a boat" }],
      { name: "local" },
    );
    const startedAt = Date.now();
    const { frames, ended } = speech(150);

    const events = await timed(failoverStt(primary, standby, options).transcribe(frames));

    expect(events.map(({ type, text }) => ({ type, text }))).toEqual([
      { type: "interim", text: "can you" },
      { type: "interim", text: "can you tell me a short story" },
      { type: "final", text: "can you tell me a short story about a boat" },
    ]);
    // Shown once the standby had been 2+ words ahead (from 600 ms) for the lag.
    expect(events[1]!.atMs - startedAt).toBeGreaterThanOrEqual(600 + STT_LAG_MS);
    expect(events[1]!.atMs - startedAt).toBeLessThanOrEqual(600 + STT_LAG_MS + 2 * FRAME_MS);
    const waited = events.at(-1)!.atMs - ended.atMs;
    expect(waited).toBeGreaterThanOrEqual(STT_LAGGING_GRACE_MS);
    expect(waited).toBeLessThanOrEqual(STT_LAGGING_GRACE_MS + FRAME_MS);
  });

  it("a well primary whose interim trails the standby's by a word keeps its interim and its full grace", async () => {
    const { options } = harness();
    const primary = createScriptedStt([{ interims: ["what are your"], final: "what are your opening hours", finalDelayMs: STT_FINAL_GRACE_MS - 100 }]);
    const standby = createScriptedStt([{ interims: [{ text: "what are your opening", atMs: 200 }], final: "what are you opening ours" }], { name: "local" });

    const events = await timed(failoverStt(primary, standby, options).transcribe(speech(150).frames));

    expect(events.map(({ type, text }) => ({ type, text }))).toEqual([
      { type: "interim", text: "what are your" },
      { type: "final", text: "what are your opening hours" },
    ]);
  });

  it("a primary slower than the grace loses that utterance, not its place", async () => {
    const { options, warnings, lines } = harness();
    const primary = createScriptedStt([{ final: "cloud late", finalDelayMs: STT_FINAL_GRACE_MS + 500 }, "cloud"]);
    const standby = createScriptedStt(["local"], { name: "local" });
    const stt = failoverStt(primary, standby, options);

    expect((await timed(stt.transcribe(speech(10).frames))).at(-1)).toMatchObject({ text: "local" });
    await vi.advanceTimersByTimeAsync(1000);
    expect(primary.finals.map((f) => f.text)).toEqual(["cloud late"]);
    expect(warnings()).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ msg: "stt standby answered first", primary: "scripted-stt" }));
    expect((await timed(stt.transcribe(speech(10).frames))).at(-1)).toMatchObject({ text: "cloud" });
  });

  it("tries the standby once more from the start when it had failed before the primary did", async () => {
    const { options } = harness();
    const primary = createScriptedStt([{ fail: new AppError("UNAVAILABLE", "cloud down", { retryable: true }), failAfterFrames: 30 }]);
    const standby = createScriptedStt([{ fail: new AppError("INTERNAL", "decoder crashed"), failAfterFrames: 5 }, "from the start"], { name: "local" });

    const events = await timed(failoverStt(primary, standby, options).transcribe(speech(40).frames));

    expect(events.map((e) => e.text)).toEqual(["from the start"]);
    expect(standby.utterances[1]!.framesHeard).toBe(40);
  });

  it("a caller who hangs up during the probe does not leave the primary skipped for good", async () => {
    const { options } = harness();
    const primary = createScriptedStt([{ fail: new AppError("UNAVAILABLE", "cloud down", { retryable: true }), failAfterFrames: 1 }, { final: "never", hangAfterFrames: 1 }, "cloud"]);
    const standby = createScriptedStt(["local"], { name: "local" });
    const stt = failoverStt(primary, standby, { ...options, cooldownMs: 0 });
    await timed(stt.transcribe(speech(3).frames));

    const hangUp = new AbortController();
    setTimeout(() => hangUp.abort(), 5 * FRAME_MS);
    await timed(stt.transcribe(speech(10).frames, { signal: hangUp.signal }));
    expect(primary.calls).toBe(2);

    expect((await timed(stt.transcribe(speech(3).frames))).at(-1)).toMatchObject({ text: "cloud" });
    expect(primary.calls).toBe(3);
  });
});
