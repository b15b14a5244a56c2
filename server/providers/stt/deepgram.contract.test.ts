import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../core/errors";
import { createLogger } from "../../core/log";
import type { PcmFrame, SpeechToText, SttEvent } from "../../core/ports";
import { failoverStt } from "../failover";
import { createDeepgramStt, type DeepgramSttOptions } from "./deepgram";
import { results, startMockDeepgramListen, type MockDeepgramListen } from "./testing/mock-deepgram-listen";

/**
 * Contract: the real @deepgram/sdk live client against a real local
 * WebSocket server speaking Deepgram's `/v1/listen` protocol. Catches what a
 * mocked client cannot: query parameters and auth on the wire, binary audio
 * framing, the SDK's event order on close and error, its reconnect policy.
 */
const FRAME_BYTES = 640; // 20 ms of 16-bit audio at 16 kHz

let server: MockDeepgramListen;
let stt: SpeechToText;

function deepgram(overrides: Partial<DeepgramSttOptions> = {}): SpeechToText {
  return createDeepgramStt({
    apiKey: "dg-test",
    baseUrl: server.baseUrl,
    connectTimeoutMs: 500,
    finalTimeoutMs: 300,
    ...overrides,
  });
}

beforeEach(async () => {
  server = await startMockDeepgramListen();
  stt = deepgram();
});
afterEach(() => server.close());

/** `count` 20 ms frames of a ramp, so the bytes on the wire can be checked exactly. */
function speech(count: number, sampleRate = 16000): PcmFrame[] {
  const size = sampleRate / 50;
  return Array.from({ length: count }, (_, f) => ({
    samples: Int16Array.from({ length: size }, (_, i) => ((f * size + i) * 37) % 20000 - 10000),
    sampleRate,
  }));
}

async function* paced(frames: readonly PcmFrame[], delayMs = 0): AsyncIterable<PcmFrame> {
  for (const frame of frames) {
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    yield frame;
  }
}

async function collect(events: AsyncIterable<SttEvent>): Promise<SttEvent[]> {
  const out: SttEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function failure(events: AsyncIterable<SttEvent>): Promise<{ error: AppError; before: SttEvent[] }> {
  const before: SttEvent[] = [];
  try {
    for await (const event of events) before.push(event);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { error: error as AppError, before };
  }
  throw new Error(`expected a failure, got ${JSON.stringify(before)}`);
}

describe("Deepgram live STT over the wire", () => {
  it("streams audio with the configured query, and joins is_final segments into one final", async () => {
    server.queue({
      kind: "session",
      steps: [
        { afterBytes: 4 * FRAME_BYTES, send: results("what are") },
        { afterBytes: 8 * FRAME_BYTES, send: results("What are your", { isFinal: true, duration: 0.16 }) },
        { afterBytes: 12 * FRAME_BYTES, send: results("opening", { start: 0.16 }) },
      ],
      onCloseStream: [
        results("opening hours?", { isFinal: true, speechFinal: true, fromFinalize: true, start: 0.16, confidence: 0.9 }),
      ],
    });
    const frames = speech(15);

    const events = await collect(stt.transcribe(paced(frames)));

    expect(events).toEqual([
      { type: "interim", text: "what are" },
      { type: "interim", text: "What are your" },
      { type: "interim", text: "What are your opening" },
      { type: "interim", text: "What are your opening hours?" },
      { type: "final", text: "What are your opening hours?", confidence: expect.closeTo(0.94, 5) },
    ]);
    const connection = server.connections[0]!;
    expect(Object.fromEntries(connection.query)).toEqual({
      model: "nova-3",
      language: "en",
      encoding: "linear16",
      sample_rate: "16000",
      channels: "1",
      interim_results: "true",
      smart_format: "true",
      endpointing: "300",
    });
    expect(connection.headers.authorization).toBe("Token dg-test");
    const sent = Buffer.concat(connection.audio);
    const expected = Buffer.concat(frames.map((f) => Buffer.from(f.samples.buffer, f.samples.byteOffset, f.samples.byteLength)));
    expect(sent.equals(expected)).toBe(true);
    expect(connection.control).toEqual([{ type: "CloseStream" }]);
    expect(await connection.closed).toEqual({ code: 1000 });
    expect(server.attempts).toBe(1);
  });

  it("yields an empty final for silence, and serves utterances in a row on fresh streams", async () => {
    server.queue({ kind: "session" }, { kind: "session", onCloseStream: [results("Hello.", { isFinal: true })] });
    expect(await collect(stt.transcribe(paced(speech(3))))).toEqual([{ type: "final", text: "" }]);
    expect(await collect(stt.transcribe(paced(speech(3))))).toEqual([
      { type: "interim", text: "Hello." },
      { type: "final", text: "Hello.", confidence: 0.98 },
    ]);
    expect(server.connections).toHaveLength(2);
  });

  it("sends 8 kHz μ-law for telephony, downsampling 16 kHz input", async () => {
    server.queue({ kind: "session", onCloseStream: [results("Hi.", { isFinal: true })] });
    const silent = Array.from({ length: 10 }, () => ({ samples: new Int16Array(320), sampleRate: 16000 }));

    const events = await collect(deepgram({ encoding: "mulaw" }).transcribe(paced(silent)));

    expect(events.at(-1)).toEqual({ type: "final", text: "Hi.", confidence: 0.98 });
    const connection = server.connections[0]!;
    expect(connection.query.get("encoding")).toBe("mulaw");
    expect(connection.query.get("sample_rate")).toBe("8000");
    const sent = Buffer.concat(connection.audio);
    // 200 ms at 8 kHz, one byte a sample; the resampler dithers silence to ±1,
    // which μ-law codes as 0xFF / 0x7F (its quietest level, either sign).
    expect(sent.length).toBeGreaterThanOrEqual(1500);
    expect(sent.length).toBeLessThanOrEqual(1700);
    expect(sent.every((byte) => byte === 0xff || byte === 0x7f)).toBe(true);
  });

  it("fails retryably when the server drops the stream mid-utterance, without reconnecting", async () => {
    server.queue({
      kind: "session",
      steps: [{ afterBytes: 2 * FRAME_BYTES, send: results("what are") }],
      closeAfterBytes: { bytes: 6 * FRAME_BYTES, code: 1011, reason: "NET-0001" },
    });

    const { error, before } = await failure(stt.transcribe(paced(speech(20), 2)));

    expect(before).toEqual([{ type: "interim", text: "what are" }]);
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", retryable: true });
    expect(error.message).toMatch(/closed unexpectedly \(code 1011: NET-0001\)/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.attempts).toBe(1);
  });

  it("fails retryably when the TCP connection drops mid-utterance", async () => {
    server.queue({ kind: "session", closeAfterBytes: { bytes: 3 * FRAME_BYTES, code: 1006 } });
    const { error } = await failure(stt.transcribe(paced(speech(20), 2)));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", retryable: true });
    expect(error.message).toMatch(/code 1006/);
  });

  it.each([
    [401, "UNAUTHORIZED", false, { err_code: "INVALID_AUTH", err_msg: "Invalid credentials." }],
    [400, "BAD_REQUEST", false, { err_code: "Bad Request", err_msg: "Bad Request: unknown model" }],
    [429, "UNAVAILABLE", true, { err_code: "TOO_MANY_REQUESTS", err_msg: "Too many requests." }],
    [503, "PROVIDER_ERROR", true, { err_code: "UNAVAILABLE", err_msg: "Service unavailable." }],
  ] as const)("maps a handshake refused with HTTP %i to %s (retryable: %s), in one attempt", async (status, code, retryable, body) => {
    server.queue({ kind: "reject", status, body });
    const { error } = await failure(stt.transcribe(paced(speech(5))));
    expect(error).toMatchObject({ code, retryable });
    expect(error.message).toContain(`HTTP ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.attempts).toBe(1);
  });

  it("times out an upgrade that is never answered", async () => {
    server.queue({ kind: "hang" });
    const started = performance.now();
    const { error } = await failure(stt.transcribe(paced(speech(5))));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("times out a server that never answers CloseStream", async () => {
    server.queue({ kind: "session", ignoreCloseStream: true, steps: [{ afterBytes: FRAME_BYTES, send: results("hi") }] });
    const { error, before } = await failure(stt.transcribe(paced(speech(3))));
    expect(before).toEqual([{ type: "interim", text: "hi" }]);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(error.message).toMatch(/CloseStream/);
  });

  it("gives up on a stream that goes quiet while audio still flows, before the input ends", async () => {
    // One interim, then nothing: a server that stopped answering mid-utterance.
    server.queue({ kind: "session", steps: [{ afterBytes: FRAME_BYTES, send: results("hi") }] });
    const quiet = deepgram({ resultsTimeoutMs: 300 });
    let framesPulled = 0;
    async function* counted(): AsyncIterable<PcmFrame> {
      for await (const frame of paced(speech(100), 10)) {
        framesPulled += 1;
        yield frame;
      }
    }
    const { error, before } = await failure(quiet.transcribe(counted()));
    expect(before).toEqual([{ type: "interim", text: "hi" }]);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(error.message).toMatch(/no results for/);
    // Noticed while the caller was still talking, not after the whole utterance.
    expect(framesPulled).toBeLessThan(100);
  });

  it("reports a refused connection as retryable UNAVAILABLE", async () => {
    const offline = createDeepgramStt({ apiKey: "dg-test", baseUrl: `http://127.0.0.1:${await freePort()}`, connectTimeoutMs: 500 });
    const { error } = await failure(offline.transcribe(paced(speech(3))));
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryable: true });
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it("rejects audio at the wrong sample rate", async () => {
    server.queue({ kind: "session" });
    const { error } = await failure(stt.transcribe(paced(speech(3, 48000))));
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect(error.message).toMatch(/16000 Hz.*48000 Hz/);
  });

  it("ends quietly on abort while the input is idle, and closes the stream", async () => {
    server.queue({ kind: "session", steps: [{ afterBytes: 2 * FRAME_BYTES, send: results("hello") }] });
    const controller = new AbortController();
    let inputIdle = false;
    async function* speechThenNothing(): AsyncIterable<PcmFrame> {
      yield* paced(speech(4));
      inputIdle = true;
      await new Promise(() => undefined); // a caller who stays on the line, sending nothing
    }
    const events: SttEvent[] = [];
    const done = (async () => {
      for await (const event of stt.transcribe(speechThenNothing(), { signal: controller.signal })) events.push(event);
    })();
    await vi.waitFor(() => expect(inputIdle && events.length === 1).toBe(true));
    controller.abort();
    await done;
    expect(events).toEqual([{ type: "interim", text: "hello" }]);
    expect((await server.connections[0]!.closed).code).toBe(1000);
  });

  it("hands a dropped utterance to the fallback with all its audio, through the failover", async () => {
    server.queue({ kind: "session", closeAfterBytes: { bytes: 5 * FRAME_BYTES, code: 1011, reason: "NET-0000" } });
    let heardBytes = 0;
    const fallback: SpeechToText = {
      name: "counting-fallback",
      sampleRate: 16000,
      async *transcribe(frames) {
        for await (const frame of frames) heardBytes += frame.samples.byteLength;
        yield { type: "final", text: "from the fallback" };
      },
    };
    const lines: string[] = [];
    const chain = failoverStt(stt, fallback, { cooldownMs: 60_000, log: createLogger({}, "info", (l) => lines.push(l)) });

    expect((await collect(chain.transcribe(paced(speech(12), 2)))).at(-1)).toEqual({ type: "final", text: "from the fallback" });
    expect(heardBytes).toBe(12 * FRAME_BYTES);
    expect(lines.some((line) => line.includes("NET-0000"))).toBe(true);
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
