import { describe, expect, it } from "vitest";
import type { PcmFrame } from "../../core/ports";
import { concatFrames, durationMs, rms } from "../../voice/audio";
import { createFliteTts, fliteSentences } from "./local";

async function collect(frames: AsyncIterable<PcmFrame>): Promise<PcmFrame[]> {
  const out: PcmFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

describe("flite TTS", () => {
  it("speaks 16 kHz audio in frames of at most 20 ms", async () => {
    const tts = createFliteTts({ voice: "kal16" });
    expect(tts.sampleRate).toBe(16000);
    const frames = await collect(tts.synthesize("Thank you for calling Harbor Cafe."));
    expect(frames.every((f) => f.sampleRate === 16000 && f.samples.length <= 320)).toBe(true);
    const audio = concatFrames(frames);
    expect(durationMs(audio)).toBeGreaterThan(1000);
    expect(durationMs(audio)).toBeLessThan(4000);
    expect(rms(audio.samples)).toBeGreaterThan(300);
  });

  it("reports kal's native 8 kHz rate", async () => {
    const tts = createFliteTts({ voice: "kal" });
    expect(tts.sampleRate).toBe(8000);
    const frames = await collect(tts.synthesize("Hello."));
    expect(frames.every((f) => f.sampleRate === 8000 && f.samples.length <= 160)).toBe(true);
  });

  it("speaks every sentence of a longer text, in order", async () => {
    const tts = createFliteTts({ voice: "kal16" });
    const one = durationMs(concatFrames(await collect(tts.synthesize("We open at seven."))));
    const two = durationMs(concatFrames(await collect(tts.synthesize("We open at seven. We close at nine."))));
    expect(two).toBeGreaterThan(one * 1.5);
  });

  it("yields nothing for empty or unspeakable text", async () => {
    const tts = createFliteTts({ voice: "kal16" });
    expect(await collect(tts.synthesize(""))).toHaveLength(0);
    expect(await collect(tts.synthesize("  \n\t "))).toHaveLength(0);
    expect(await collect(tts.synthesize("..."))).toHaveLength(0);
  });

  it("stops quietly when aborted", async () => {
    const tts = createFliteTts({ voice: "kal16" });
    const text = "This sentence is long enough to need many frames. And so is this one.";
    const full = (await collect(tts.synthesize(text))).length;

    const controller = new AbortController();
    let received = 0;
    for await (const frame of tts.synthesize(text, { signal: controller.signal })) {
      void frame;
      received += 1;
      if (received === 5) controller.abort();
    }
    expect(received).toBe(5);
    expect(full).toBeGreaterThan(50);

    expect(await collect(tts.synthesize(text, { signal: AbortSignal.abort() }))).toHaveLength(0);
  });

  it("treats text that looks like flite options as text", async () => {
    expect(fliteSentences("-voice awb -o /out/x.wav")).toEqual([" -voice awb -o /out/x.wav"]);
    expect(fliteSentences("Hi.\u0000 -5 degrees!\n")).toEqual(["Hi.", " -5 degrees!"]);
    // Abbreviations and prices are not sentence ends: "a.m." would otherwise be spoken with a pause.
    expect(fliteSentences("We open at nine a.m. on weekdays. A slice is four dollars.")).toEqual([
      "We open at nine a.m. on weekdays.",
      "A slice is four dollars.",
    ]);
    const frames = await collect(createFliteTts({ voice: "kal16" }).synthesize("-voice awb -o /out/x.wav"));
    expect(durationMs(concatFrames(frames))).toBeGreaterThan(1000);
  });
});

describe("flite leading silence", () => {
  it("starts speaking within 40 ms: flite's ~230 ms of padding is trimmed", async () => {
    const frames: PcmFrame[] = [];
    for await (const frame of createFliteTts({ voice: "kal16" }).synthesize("We are open Monday to Friday.")) frames.push(frame);
    const firstVoiced = frames.findIndex((f) => rms(f.samples) > 327);
    expect(firstVoiced).toBeGreaterThanOrEqual(0);
    expect(firstVoiced * 20).toBeLessThanOrEqual(40);
  });
});
