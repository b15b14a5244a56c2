import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startListenServer, startSpeechServer } from "../../e2e/support/speech-servers";
import { createLogger } from "../core/log";
import type { PcmFrame, SpeechToText, TextToSpeech } from "../core/ports";
import { readWav } from "../voice/audio";
import { failoverStt, failoverTts } from "./failover";
import { createDeepgramStt } from "./stt/deepgram";
import { createVoskStt } from "./stt/vosk";
import { createFliteTts } from "./tts/local";
import { createOpenAiTts } from "./tts/openai";

/**
 * Engine failover over the real wire: the Deepgram and OpenAI adapters talk
 * to local servers that speak their protocols with real engines behind them
 * (e2e/support/speech-servers.ts), and those servers die or hang in the
 * middle of an utterance. The standby must produce the same words, soon
 * after the failure, and the primary must be used again once it is back and
 * the cooldown is over.
 */
const silent = createLogger({}, "error", () => undefined);
const vosk = { modelDir: resolve(".cache/vosk/model-en-us"), library: resolve(".cache/vosk/libvosk.so") };
const COOLDOWN_MS = 30_000;
/** Deadlines roomy enough for a loaded CI machine, where the stand-in's own Vosk is slow too. */
const DEADLINE_MS = 5000;
/**
 * The hot standby's wait for the primary's final: the stand-in decodes with Vosk at 4× real time on a
 * shared machine and may finish its final later than Deepgram would (STT_FINAL_GRACE_MS in production).
 */
const FINAL_GRACE_MS = 2500;
let question: PcmFrame;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "failover-wire-"));
  const wav = join(dir, "q.wav");
  spawnSync("flite", ["-voice", "awb", "-t", "Can you tell me a short story about a boat?", "-o", join(dir, "raw.wav")]);
  spawnSync("sox", [join(dir, "raw.wav"), "-r", "16000", "-c", "1", "-b", "16", wav]);
  question = readWav(readFileSync(wav));
  rmSync(dir, { recursive: true, force: true });
});

/** The question in 20 ms frames, one per `paceMs` (5: 4× faster than real time); `at(ms)` runs once that much audio has been sent. */
async function* spoken(at?: { ms: number; run: () => void }, paceMs = 5): AsyncIterable<PcmFrame> {
  for (let i = 0, sentMs = 0; i < question.samples.length; i += 320, sentMs += 20) {
    if (at && sentMs === at.ms) at.run();
    yield { samples: question.samples.slice(i, i + 320), sampleRate: 16000 };
    await new Promise((r) => setTimeout(r, paceMs));
  }
}

async function transcript(stt: SpeechToText, frames: AsyncIterable<PcmFrame>): Promise<{ text: string; finalAtMs: number }> {
  for await (const event of stt.transcribe(frames)) if (event.type === "final") return { text: event.text, finalAtMs: Date.now() };
  throw new Error("no final transcript");
}

describe.each([
  ["dead", "cold"],
  ["hang", "cold"],
  ["dead", "hot"],
  ["hang", "hot"],
] as const)("STT failover when the Deepgram server goes %s mid-utterance, %s standby", (state, standby) => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it("gives the standby's transcript of the whole utterance, skips the primary, and probes it after the cooldown", async () => {
    const listen = await startListenServer(vosk);
    servers.push(listen);
    let now = 0;
    // Hot, two Vosk recognisers (the stand-in's and the standby) decode at once: in real time, as on a call.
    const paceMs = standby === "hot" ? 20 : 5;
    const speak = () => spoken(undefined, paceMs);
    // Hot, the stand-in's Vosk shares the CPU with the standby's: its final may come late, and is waited for.
    const deadlineMs = standby === "hot" ? 2 * DEADLINE_MS : DEADLINE_MS;
    const completed = async (count: number) => {
      for (const until = Date.now() + deadlineMs; Date.now() < until && served() < count; ) await new Promise((r) => setTimeout(r, 100));
      return served();
    };
    const served = () => listen.requests.filter((r) => r.completedAtMs !== undefined).length;
    const warnings: string[] = [];
    const stt = failoverStt(createDeepgramStt({ apiKey: "test", baseUrl: listen.baseUrl, connectTimeoutMs: deadlineMs, finalTimeoutMs: deadlineMs, resultsTimeoutMs: deadlineMs }), createVoskStt(vosk), {
      standby,
      finalGraceMs: FINAL_GRACE_MS,
      cooldownMs: COOLDOWN_MS,
      log: createLogger({}, "warn", (line) => warnings.push(line)),
      now: () => now,
    });
    // Up: Deepgram (the stand-in) answers.
    expect((await transcript(stt, speak())).text).toContain("short story about a boat");
    expect(await completed(1)).toBe(1);

    let inputEndMs = 0;
    const failed = await transcript(stt, (async function* () {
      yield* spoken({ ms: 600, run: () => listen.set(state) }, paceMs);
      inputEndMs = Date.now();
    })());
    expect(failed.text).toContain("short story about a boat");
    // Dead is noticed at once. Cold, a hang when the final does not come (finalTimeoutMs), then the standby
    // decodes the utterance from its start. Hot, the standby has heard it all already, and a hung primary
    // gets FINAL_GRACE_MS past the end of the audio: well before its own deadline would have said so.
    const bound = { cold: { dead: 3000, hang: deadlineMs + 3000 }, hot: { dead: 3000, hang: deadlineMs } }[standby][state];
    expect(failed.finalAtMs - inputEndMs).toBeLessThan(bound);
    // Hot, the hung primary is judged in the background, once its own deadline passes.
    for (const until = Date.now() + 2 * deadlineMs; Date.now() < until && !warnings.some((w) => w.includes('"warn"')); ) await new Promise((r) => setTimeout(r, 100));
    expect(warnings).toHaveLength(1);

    // Back, but cooling down: straight to the standby, the primary is not tried.
    listen.set("up");
    const attempts = listen.requests.length;
    expect((await transcript(stt, speak())).text).toContain("boat");
    expect(listen.requests).toHaveLength(attempts);

    // The cooldown over: the next utterance probes the primary, which answers.
    now += COOLDOWN_MS;
    expect((await transcript(stt, speak())).text).toContain("boat");
    expect(await completed(2)).toBe(2);
  }, 120_000);
});

describe.each(["dead", "hang"] as const)("TTS failover when the OpenAI speech server goes %s", (state) => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it("speaks the sentence with the local voice within the deadline, then uses the cloud again after the cooldown", async () => {
    const speech = await startSpeechServer();
    servers.push(speech);
    let now = 0;
    const tts: TextToSpeech = failoverTts(createOpenAiTts({ apiKey: "test", baseURL: speech.baseURL, timeoutMs: DEADLINE_MS }), createFliteTts({ voice: "kal16" }), {
      cooldownMs: COOLDOWN_MS,
      log: silent,
      now: () => now,
    });
    const speak = async (text: string) => {
      const started = Date.now();
      let firstMs: number | undefined;
      let samples = 0;
      for await (const frame of tts.synthesize(text)) {
        firstMs ??= Date.now() - started;
        samples += frame.samples.length;
      }
      return { firstMs: firstMs ?? Number.POSITIVE_INFINITY, seconds: samples / tts.sampleRate };
    };
    await speak("Here is a short story.");
    expect(speech.requests.filter((r) => r.completedAtMs !== undefined)).toHaveLength(1);

    speech.set(state);
    const failed = await speak("A little boat sailed home.");
    expect(failed.seconds).toBeGreaterThan(0.8);
    expect(failed.firstMs).toBeLessThan(state === "dead" ? 2000 : DEADLINE_MS + 2000);

    speech.set("up");
    const skipped = speech.requests.length;
    await speak("The end.");
    expect(speech.requests).toHaveLength(skipped);
    now += COOLDOWN_MS;
    await speak("The end.");
    expect(speech.requests.filter((r) => r.completedAtMs !== undefined)).toHaveLength(2);
  }, 120_000);
});
