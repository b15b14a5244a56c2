import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { PcmFrame, TextToSpeech } from "../../core/ports";
import { concatFrames, durationMs, rms } from "../../voice/audio";
import { createOpenAiTts } from "./openai";
import { sinePcm, startMockSpeechServer, type MockSpeechServer } from "./testing/mock-speech-server";

/**
 * Contract: the real `openai` SDK against a real local HTTP server speaking
 * the streaming speech endpoint (`POST /v1/audio/speech`, raw 24 kHz PCM
 * body): request shape on the wire, the body read as it arrives and
 * resampled to the pipeline's 16 kHz, SDK error classes, no SDK retries.
 */
const TIMEOUT_MS = 300;

let server: MockSpeechServer;
let tts: TextToSpeech;

beforeEach(async () => {
  server = await startMockSpeechServer();
  tts = createOpenAiTts({ apiKey: "sk-test", baseURL: `${server.origin}/v1`, model: "gpt-4o-mini-tts", voice: "coral", timeoutMs: TIMEOUT_MS });
});
afterEach(() => server.close());

async function collect(frames: AsyncIterable<PcmFrame>): Promise<PcmFrame[]> {
  const out: PcmFrame[] = [];
  for await (const frame of frames) out.push(frame);
  return out;
}

async function failure(frames: AsyncIterable<PcmFrame>): Promise<{ error: AppError; before: PcmFrame[] }> {
  const before: PcmFrame[] = [];
  try {
    for await (const frame of frames) before.push(frame);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { error: error as AppError, before };
  }
  throw new Error(`expected a failure, got ${before.length} frames`);
}

/** Sign changes per second: twice the frequency of a pure tone. */
function zeroCrossingsPerSecond(audio: PcmFrame): number {
  let crossings = 0;
  for (let i = 1; i < audio.samples.length; i++) {
    if ((audio.samples[i - 1]! < 0) !== (audio.samples[i]! < 0)) crossings += 1;
  }
  return crossings / (audio.samples.length / audio.sampleRate);
}

describe("OpenAI streaming TTS over the wire", () => {
  it("asks for pcm and turns 24 kHz odd-sized chunks into 16 kHz 20 ms frames of the same sound", async () => {
    server.reply({ kind: "pcm", bytes: sinePcm({ sampleRate: 24000, ms: 1000, hz: 440 }), chunkSizes: [3, 1001, 77, 4801], delayMs: 1 });

    const frames = await collect(tts.synthesize("We open at seven."));

    expect(frames.every((f) => f.sampleRate === 16000 && f.samples.length <= 320)).toBe(true);
    expect(frames.slice(0, -1).every((f) => f.samples.length === 320)).toBe(true);
    const audio = concatFrames(frames);
    expect(durationMs(audio)).toBeCloseTo(1000, -1);
    expect(rms(audio.samples)).toBeGreaterThan(5000); // 8000 / √2 for the tone
    expect(zeroCrossingsPerSecond(audio)).toBeGreaterThan(860);
    expect(zeroCrossingsPerSecond(audio)).toBeLessThan(900);

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/audio/speech");
    expect(request.headers.authorization).toBe("Bearer sk-test");
    expect(request.body).toEqual({ model: "gpt-4o-mini-tts", voice: "coral", input: "We open at seven.", response_format: "pcm" });
  });

  it("yields the first frame while the rest is still on its way", async () => {
    server.reply({ kind: "stall", bytes: sinePcm({ sampleRate: 24000, ms: 100 }) });
    const controller = new AbortController();
    const started = performance.now();
    const frames: PcmFrame[] = [];
    for await (const frame of tts.synthesize("Hello there.", { signal: controller.signal })) {
      frames.push(frame);
      controller.abort();
    }
    expect(frames).toHaveLength(1);
    expect(frames[0]!.samples.length).toBe(320);
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS);
  });

  it("sends nothing for unspeakable text", async () => {
    expect(await collect(tts.synthesize("  "))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [500, "PROVIDER_ERROR", true, { error: { message: "The server had an error", type: "server_error" } }],
    [429, "UNAVAILABLE", true, { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }],
    [429, "UNAVAILABLE", false, { error: { message: "Quota exceeded", type: "insufficient_quota", code: "insufficient_quota" } }],
    [401, "UNAUTHORIZED", false, { error: { message: "Incorrect API key", type: "invalid_request_error", code: "invalid_api_key" } }],
    [400, "BAD_REQUEST", false, { error: { message: "Invalid voice", type: "invalid_request_error" } }],
  ] as const)("maps HTTP %i to %s (retryable: %s), without SDK retries", async (status, code, retryable, body) => {
    server.reply({ kind: "status", status, body });
    const { error } = await failure(tts.synthesize("Hello."));
    expect(error).toMatchObject({ code, retryable });
    expect(server.requests).toHaveLength(1);
  });

  it("times out a server that never answers", async () => {
    server.reply({ kind: "hang" });
    const started = performance.now();
    const { error } = await failure(tts.synthesize("Hello."));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 500);
  });

  it("times out a body that stalls after its first bytes", async () => {
    server.reply({ kind: "stall", bytes: sinePcm({ sampleRate: 24000, ms: 100 }) });
    const { error, before } = await failure(tts.synthesize("Hello."));
    expect(before.length).toBeGreaterThan(0);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
  });

  it("reports a refused connection as retryable UNAVAILABLE", async () => {
    const offline = createOpenAiTts({ apiKey: "sk-test", baseURL: `http://127.0.0.1:${await freePort()}/v1`, timeoutMs: TIMEOUT_MS });
    const { error } = await failure(offline.synthesize("Hello."));
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryable: true });
  });

  it("ends quietly when the caller aborts a hanging request", async () => {
    server.reply({ kind: "hang" });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);
    expect(await collect(tts.synthesize("Hello.", { signal: caller.signal }))).toEqual([]);
  });

  it("ends quietly when the caller aborts mid-stream (barge-in)", async () => {
    server.reply({ kind: "pcm", bytes: sinePcm({ sampleRate: 24000, ms: 2000 }), chunkSizes: [960], delayMs: 5 });
    const caller = new AbortController();
    let received = 0;
    for await (const frame of tts.synthesize("A long answer.", { signal: caller.signal })) {
      void frame;
      if (++received === 3) caller.abort(new Error("barge-in"));
    }
    expect(received).toBe(3);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
