import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { PcmFrame } from "../../core/ports";
import { concatFrames, durationMs, rms } from "../../voice/audio";
import { createToneTts } from "./fake";
import { createTts } from "./index";

async function collect(frames: AsyncIterable<PcmFrame>): Promise<PcmFrame[]> {
  const out: PcmFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

describe("createTts", () => {
  it("picks flite by default, the tone fake on request", () => {
    expect(createTts({ TTS_PROVIDER: "local", TTS_VOICE: "kal16" }).name).toBe("flite-kal16");
    expect(createTts({ TTS_PROVIDER: "fake", TTS_VOICE: "kal16" }).name).toBe("tone-tts");
  });

  it("says plainly that the cloud engines are not there yet", () => {
    for (const provider of ["deepgram", "openai"] as const) {
      expect(() => createTts({ TTS_PROVIDER: provider, TTS_VOICE: "kal16" })).toThrow(AppError);
    }
  });
});

describe("tone TTS", () => {
  it("makes a 16 kHz tone as long as the text, in 20 ms frames", async () => {
    const tts = createToneTts({ msPerCharacter: 50 });
    const frames = await collect(tts.synthesize("twenty characters!!!"));
    expect(frames.every((f) => f.sampleRate === 16000 && f.samples.length <= 320)).toBe(true);
    const audio = concatFrames(frames);
    expect(durationMs(audio)).toBe(1000);
    expect(rms(audio.samples)).toBeGreaterThan(1000);
    expect(await collect(tts.synthesize(""))).toHaveLength(0);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    let received = 0;
    for await (const frame of createToneTts().synthesize("a long answer ".repeat(20), { signal: controller.signal })) {
      void frame;
      if (++received === 3) controller.abort();
    }
    expect(received).toBe(3);
  });
});
