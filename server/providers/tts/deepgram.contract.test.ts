import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import type { PcmFrame, TextToSpeech } from "../../core/ports";
import { concatFrames } from "../../voice/audio";
import { createDeepgramTts } from "./deepgram";
import { sinePcm, startMockSpeechServer, type MockSpeechServer } from "./testing/mock-speech-server";

/**
 * Contract: the real @deepgram/sdk REST client against a real local HTTP
 * server speaking Aura's `POST /v1/speak`: query and body on the wire, the
 * streamed body read as it arrives, SDK error classes, no SDK retries.
 */
const TIMEOUT_MS = 300;

let server: MockSpeechServer;
let tts: TextToSpeech;

beforeEach(async () => {
  server = await startMockSpeechServer();
  tts = createDeepgramTts({ apiKey: "dg-test", baseUrl: server.origin, model: "aura-2-thalia-en", timeoutMs: TIMEOUT_MS });
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

function samplesOf(bytes: Uint8Array): Int16Array {
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe("Deepgram Aura TTS over the wire", () => {
  it("asks for raw 16 kHz linear16 and turns odd-sized chunks into exact 20 ms frames", async () => {
    const pcm = sinePcm({ sampleRate: 16000, ms: 730 });
    server.reply({ kind: "pcm", bytes: pcm, chunkSizes: [1, 7, 333, 641, 2], delayMs: 1 });

    const frames = await collect(tts.synthesize("  We open at seven.  "));

    expect(frames.every((f) => f.sampleRate === 16000)).toBe(true);
    expect(frames.slice(0, -1).every((f) => f.samples.length === 320)).toBe(true);
    expect(frames.at(-1)!.samples.length).toBe(11680 % 320);
    expect(Array.from(concatFrames(frames).samples)).toEqual(Array.from(samplesOf(pcm)));

    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v1/speak");
    expect(Object.fromEntries(request.query)).toEqual({
      model: "aura-2-thalia-en",
      encoding: "linear16",
      sample_rate: "16000",
      container: "none",
    });
    expect(request.headers.authorization).toBe("Token dg-test");
    expect(request.body).toEqual({ text: "We open at seven." });
  });

  it("yields the first frame while the rest is still on its way", async () => {
    server.reply({ kind: "stall", bytes: sinePcm({ sampleRate: 16000, ms: 25 }) });
    const controller = new AbortController();
    const frames: PcmFrame[] = [];
    for await (const frame of tts.synthesize("Hello there.", { signal: controller.signal })) {
      frames.push(frame);
      controller.abort();
    }
    expect(frames).toHaveLength(1);
    expect(frames[0]!.samples.length).toBe(320);
  });

  it("sends nothing for unspeakable text", async () => {
    expect(await collect(tts.synthesize(" ... "))).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [500, "PROVIDER_ERROR", true],
    [503, "PROVIDER_ERROR", true],
    [429, "UNAVAILABLE", true],
    [401, "UNAUTHORIZED", false],
    [400, "BAD_REQUEST", false],
  ] as const)("maps HTTP %i to %s (retryable: %s), without SDK retries", async (status, code, retryable) => {
    server.reply({ kind: "status", status, body: { err_code: "ERR", err_msg: `failure ${status}`, request_id: "r-1" } });
    const { error } = await failure(tts.synthesize("Hello."));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(`failure ${status}`);
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
    server.reply({ kind: "stall", bytes: sinePcm({ sampleRate: 16000, ms: 50 }) });
    const { error, before } = await failure(tts.synthesize("Hello."));
    expect(before).toHaveLength(2);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
  });

  it("reports a refused connection as retryable UNAVAILABLE", async () => {
    const offline = createDeepgramTts({ apiKey: "dg-test", baseUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: TIMEOUT_MS });
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
    server.reply({ kind: "pcm", bytes: sinePcm({ sampleRate: 16000, ms: 2000 }), chunkSizes: [640], delayMs: 5 });
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
