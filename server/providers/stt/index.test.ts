import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { PcmFrame, SttEvent } from "../../core/ports";
import { silence } from "../../voice/audio";
import { createScriptedStt } from "./fake";
import { createStt } from "./index";

async function* frames(count: number, sampleRate = 16000): AsyncIterable<PcmFrame> {
  for (let i = 0; i < count; i++) yield silence(20, sampleRate);
}

async function collect(events: AsyncIterable<SttEvent>): Promise<SttEvent[]> {
  const out: SttEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const modelDir = "/usr/share/pocketsphinx/model/en-us";

describe("createStt", () => {
  it("picks pocketsphinx by default, the scripted fake on request", () => {
    expect(createStt({ STT_PROVIDER: "local", POCKETSPHINX_MODEL_DIR: modelDir }).name).toBe("pocketsphinx");
    expect(createStt({ STT_PROVIDER: "fake", POCKETSPHINX_MODEL_DIR: modelDir }).name).toBe("scripted-stt");
  });

  it("says plainly that deepgram is not there yet", () => {
    expect(() => createStt({ STT_PROVIDER: "deepgram", POCKETSPHINX_MODEL_DIR: modelDir })).toThrow(AppError);
    expect(() => createStt({ STT_PROVIDER: "deepgram", POCKETSPHINX_MODEL_DIR: modelDir })).toThrow(/not implemented yet/);
  });
});

describe("scripted STT", () => {
  it("answers each utterance with the next line, once its audio ends", async () => {
    const stt = createScriptedStt(["one", "two"]);
    expect(await collect(stt.transcribe(frames(3)))).toEqual([{ type: "final", text: "one" }]);
    expect(await collect(stt.transcribe(frames(1)))).toEqual([{ type: "final", text: "two" }]);
    expect(await collect(stt.transcribe(frames(1)))).toEqual([{ type: "final", text: "one" }]);
  });

  it("ends quietly on abort and holds the real engine's sample-rate contract", async () => {
    const stt = createScriptedStt(["one"]);
    expect(await collect(stt.transcribe(frames(3), { signal: AbortSignal.abort() }))).toEqual([]);
    await expect(collect(stt.transcribe(frames(1, 48000)))).rejects.toThrow(/16000 Hz/);
  });
});
