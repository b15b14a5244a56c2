import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import { createLogger } from "../../core/log";
import type { PcmFrame } from "../../core/ports";
import { concatFrames, durationMs, rms } from "../../voice/audio";
import { createToneTts } from "./fake";
import { createTts } from "./index";
import { testAssetsDir } from "./hibari/testing/assets-dir";
import { startMockSpeechServer } from "./testing/mock-speech-server";

async function collect(frames: AsyncIterable<PcmFrame>): Promise<PcmFrame[]> {
  const out: PcmFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

describe("createTts", () => {
  it("picks the local voice TTS_VOICE names (hibari's heart by default, flite's on request), the tone fake on request", () => {
    expect(createTts({ TTS_PROVIDER: "local", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: testAssetsDir }).name).toBe("hibari-heart");
    expect(createTts({ TTS_PROVIDER: "local", TTS_VOICE: "kal16" }).name).toBe("flite-kal16");
    expect(createTts({ TTS_PROVIDER: "fake", TTS_VOICE: "kal16" }).name).toBe("tone-tts");
  });

  it("names the missing key when a cloud engine is picked without one", () => {
    expect(() => createTts({ TTS_PROVIDER: "deepgram", TTS_VOICE: "kal16" })).toThrow(AppError);
    expect(() => createTts({ TTS_PROVIDER: "deepgram", TTS_VOICE: "kal16" })).toThrow(/DEEPGRAM_API_KEY/);
    expect(() => createTts({ TTS_PROVIDER: "openai", TTS_VOICE: "kal16" })).toThrow(/OPENAI_API_KEY/);
  });

  it("puts the local voice behind the cloud engines", () => {
    expect(createTts({ TTS_PROVIDER: "deepgram", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: testAssetsDir, DEEPGRAM_API_KEY: "dg" }).name).toBe(
      "deepgram:aura-2-thalia-en|hibari-heart",
    );
    expect(createTts({ TTS_PROVIDER: "deepgram", TTS_VOICE: "kal16", DEEPGRAM_API_KEY: "dg" }).name).toBe(
      "deepgram:aura-2-thalia-en|flite-kal16",
    );
    expect(createTts({ TTS_PROVIDER: "openai", TTS_VOICE: "slt", OPENAI_API_KEY: "sk" }).name).toBe(
      "openai:gpt-4o-mini-tts:coral|flite-slt",
    );
  });

  it("keeps speaking with hibari when the cloud engine fails", async () => {
    const server = await startMockSpeechServer();
    try {
      server.reply({ kind: "status", status: 503, body: { error: { message: "Overloaded", type: "server_error" } } });
      const lines: string[] = [];
      const tts = createTts(
        { TTS_PROVIDER: "openai", TTS_VOICE: "heart", HIBARI_ASSETS_DIR: testAssetsDir, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` },
        { log: createLogger({}, "info", (line) => lines.push(line)) },
      );
      const audio = concatFrames(await collect(tts.synthesize("We open at seven.")));
      expect(audio.sampleRate).toBe(16000);
      expect(durationMs(audio)).toBeGreaterThan(500);
      expect(rms(audio.samples)).toBeGreaterThan(500);
      expect(lines.join("\n")).toMatch(/"standby":"hibari-heart"/);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("keeps speaking with flite when the cloud engine fails", async () => {
    const server = await startMockSpeechServer();
    try {
      server.reply({ kind: "status", status: 503, body: { error: { message: "Overloaded", type: "server_error" } } });
      const lines: string[] = [];
      const tts = createTts(
        { TTS_PROVIDER: "openai", TTS_VOICE: "kal16", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` },
        { log: createLogger({}, "info", (line) => lines.push(line)) },
      );
      const audio = concatFrames(await collect(tts.synthesize("We open at seven.")));
      expect(audio.sampleRate).toBe(16000);
      expect(durationMs(audio)).toBeGreaterThan(500);
      expect(server.requests).toHaveLength(1);
      expect(lines.join("\n")).toMatch(/"standby":"flite-kal16"/);
    } finally {
      await server.close();
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
