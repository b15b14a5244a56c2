import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import { createLogger } from "../../core/log";
import type { PcmFrame, SttEvent } from "../../core/ports";
import { chunkFrames, readWav, silence } from "../../voice/audio";
import { createScriptedStt } from "./fake";
import { createStt, preloadStt } from "./index";
import { startMockDeepgramListen } from "./testing/mock-deepgram-listen";

async function* frames(count: number, sampleRate = 16000): AsyncIterable<PcmFrame> {
  for (let i = 0; i < count; i++) yield silence(20, sampleRate);
}

async function collect(events: AsyncIterable<SttEvent>): Promise<SttEvent[]> {
  const out: SttEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

// Fetched into .cache/vosk by `npm start` / `npm test` (scripts/lib/prereqs.mjs).
const local = { VOSK_MODEL_DIR: ".cache/vosk/model-en-us", VOSK_LIBRARY: ".cache/vosk/libvosk.so" };

describe("createStt", () => {
  it("picks vosk by default, the scripted fake on request", () => {
    expect(createStt({ STT_PROVIDER: "local", ...local }).name).toBe("vosk");
    expect(createStt({ STT_PROVIDER: "fake", ...local }).name).toBe("scripted-stt");
  });

  it("names the missing key when deepgram is picked without one", () => {
    expect(() => createStt({ STT_PROVIDER: "deepgram", ...local })).toThrow(AppError);
    expect(() => createStt({ STT_PROVIDER: "deepgram", ...local })).toThrow(/DEEPGRAM_API_KEY/);
  });

  it("puts vosk behind deepgram", () => {
    const stt = createStt({ STT_PROVIDER: "deepgram", ...local, DEEPGRAM_API_KEY: "dg-test" });
    expect(stt.name).toBe("deepgram:nova-3|vosk");
    expect(stt.sampleRate).toBe(16000);
  });

  it("preloads the vosk model for local and for deepgram (its failover), nothing for the fake", async () => {
    const missing = { ...local, VOSK_MODEL_DIR: "/nonexistent/vosk-model" };
    await expect(preloadStt({ STT_PROVIDER: "fake", ...missing })).resolves.toBeUndefined();
    await expect(preloadStt({ STT_PROVIDER: "deepgram", ...missing })).rejects.toThrow(/Vosk model missing at \/nonexistent/);
    await expect(preloadStt({ STT_PROVIDER: "local", ...missing })).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await expect(preloadStt({ STT_PROVIDER: "local", ...local })).resolves.toBeUndefined();
  }, 20_000);

  it("keeps transcribing on vosk when deepgram refuses the key", async () => {
    const server = await startMockDeepgramListen();
    try {
      server.queue({ kind: "reject", status: 401, body: { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." } });
      const lines: string[] = [];
      const stt = createStt(
        { STT_PROVIDER: "deepgram", ...local, DEEPGRAM_API_KEY: "dg-bad", DEEPGRAM_BASE_URL: server.baseUrl },
        { log: createLogger({}, "info", (line) => lines.push(line)) },
      );
      const hello = readWav(readFileSync(fileURLToPath(new URL("../../../e2e/fixtures/hello.wav", import.meta.url))));
      async function* audio(): AsyncIterable<PcmFrame> {
        yield* chunkFrames(hello, 20);
      }
      const events = await collect(stt.transcribe(audio()));
      expect(events.at(-1)?.type).toBe("final");
      expect(events.at(-1)?.text).toBe("hello there");
      expect(lines.join("\n")).toMatch(/"code":"UNAUTHORIZED"/);
    } finally {
      await server.close();
    }
  }, 20_000);
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
