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
let question: PcmFrame;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), "failover-wire-"));
  const wav = join(dir, "q.wav");
  spawnSync("flite", ["-voice", "awb", "-t", "Can you tell me a short story about a boat?", "-o", join(dir, "raw.wav")]);
  spawnSync("sox", [join(dir, "raw.wav"), "-r", "16000", "-c", "1", "-b", "16", wav]);
  question = readWav(readFileSync(wav));
  rmSync(dir, { recursive: true, force: true });
});

/** The question in 20 ms frames, paced 4× faster than real time; `at(ms)` runs once that much audio has been sent. */
async function* spoken(at?: { ms: number; run: () => void }): AsyncIterable<PcmFrame> {
  for (let i = 0, sentMs = 0; i < question.samples.length; i += 320, sentMs += 20) {
    if (at && sentMs === at.ms) at.run();
    yield { samples: question.samples.slice(i, i + 320), sampleRate: 16000 };
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function transcript(stt: SpeechToText, frames: AsyncIterable<PcmFrame>): Promise<{ text: string; finalAtMs: number }> {
  for await (const event of stt.transcribe(frames)) if (event.type === "final") return { text: event.text, finalAtMs: Date.now() };
  throw new Error("no final transcript");
}

describe.each(["dead", "hang"] as const)("STT failover when the Deepgram server goes %s mid-utterance", (state) => {
  const servers: { close(): Promise<void> }[] = [];
  afterAll(async () => Promise.all(servers.map((s) => s.close())));

  it("gives the standby's transcript of the whole utterance, skips the primary, and probes it after the cooldown", async () => {
    const listen = await startListenServer(vosk);
    servers.push(listen);
    let now = 0;
    const stt = failoverStt(createDeepgramStt({ apiKey: "test", baseUrl: listen.baseUrl, connectTimeoutMs: DEADLINE_MS, finalTimeoutMs: DEADLINE_MS, resultsTimeoutMs: DEADLINE_MS }), createVoskStt(vosk), {
      cooldownMs: COOLDOWN_MS,
      log: silent,
      now: () => now,
    });
    // Up: Deepgram (the stand-in) answers.
    expect((await transcript(stt, spoken())).text).toContain("short story about a boat");
    expect(listen.requests.filter((r) => r.completedAtMs !== undefined)).toHaveLength(1);

    let inputEndMs = 0;
    const failed = await transcript(stt, (async function* () {
      yield* spoken({ ms: 600, run: () => listen.set(state) });
      inputEndMs = Date.now();
    })());
    expect(failed.text).toContain("short story about a boat");
    // Dead is noticed at once; a hang when the final does not come (finalTimeoutMs), then the standby catches up.
    expect(failed.finalAtMs - inputEndMs).toBeLessThan(state === "dead" ? 3000 : DEADLINE_MS + 3000);

    // Back, but cooling down: straight to the standby, the primary is not tried.
    listen.set("up");
    const attempts = listen.requests.length;
    expect((await transcript(stt, spoken())).text).toContain("boat");
    expect(listen.requests).toHaveLength(attempts);

    // The cooldown over: the next utterance probes the primary, which answers.
    now += COOLDOWN_MS;
    expect((await transcript(stt, spoken())).text).toContain("boat");
    expect(listen.requests.filter((r) => r.completedAtMs !== undefined)).toHaveLength(2);
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
