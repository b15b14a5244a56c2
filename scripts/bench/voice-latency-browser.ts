/**
 * Voice latency as a website visitor hears it: Debian's Chromium speaks a
 * WAV of café questions into the widget's fake microphone, through the real
 * LiveKit server, to the running agent worker. In the page, WebAudio meters
 * both the microphone track and the agent's track every 10 ms, so
 * voice-to-voice is measured at the client (end of the visitor's speech →
 * first agent audio), not reported by the agent. The stored per-stage
 * latency of the same turns is read back from Postgres.
 *
 *   npm start   (in another terminal), then
 *   npx tsx scripts/bench/voice-latency-browser.ts [--turns 20] [--voice awb]
 *
 * Prints a table and one JSON line with the figures.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { fakeMicLaunchOptions } from "../../e2e/support/voice";
import pg from "pg";
import type { PcmFrame } from "../../server/core/ports";
import { createFliteTts, type FliteVoice } from "../../server/providers/tts/local";
import { concatFrames, durationMs, encodeWav, silence } from "../../server/voice/audio";

const { values } = parseArgs({
  options: {
    turns: { type: "string", default: "20" },
    voice: { type: "string", default: "awb" },
    gap: { type: "string", default: "11000" },
    url: { type: "string", default: process.env.PUBLIC_URL ?? "http://127.0.0.1:3000" },
  },
});
const turns = Number(values.turns);
const gapMs = Number(values.gap);
const databaseUrl = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";

/** Short questions a café's visitors ask, each answered by the offline brain without a transfer. */
const QUESTIONS = [
  "what are your opening hours",
  "where are you located",
  "do you have vegan options",
  "is there parking nearby",
  "do you have wifi",
  "can I bring my dog",
  "what time do you close on saturday",
  "do you take reservations",
  "how much is a latte",
  "are you open on sunday",
];

const RATE = 16000;
const LEAD_MS = 9000;

async function speak(text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice: values.voice as FliteVoice }).synthesize(text)) frames.push(frame);
  return concatFrames(frames);
}

async function buildMicWav(file: string): Promise<number> {
  const parts: PcmFrame[] = [silence(LEAD_MS, RATE)];
  for (let i = 0; i < turns; i++) {
    parts.push(await speak(QUESTIONS[i % QUESTIONS.length]!), silence(gapMs, RATE));
  }
  const audio = concatFrames(parts);
  writeFileSync(file, encodeWav(audio));
  return durationMs(audio);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Injected before the page loads: meters the mic stream getUserMedia returns
 * and, once attached, the agent's audio element. Plain JavaScript source, not
 * a function: tsx would wrap named inner functions in a helper the page lacks.
 */
const installMeters = `
  window.__events = [];
  const context = new AudioContext();
  let mic, agent;
  const meter = (stream) => {
    const analyser = context.createAnalyser();
    analyser.fftSize = 256; // 16 ms at 16 kHz: fine enough for 10 ms polling
    context.createMediaStreamSource(stream).connect(analyser);
    return { analyser, buffer: new Float32Array(analyser.fftSize) };
  };
  const rms = (m) => {
    if (!m) return 0;
    m.analyser.getFloatTimeDomainData(m.buffer);
    let sum = 0;
    for (const v of m.buffer) sum += v * v;
    return Math.sqrt(sum / m.buffer.length);
  };
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    if (stream.getAudioTracks().length > 0) mic = meter(stream);
    return stream;
  };
  setInterval(() => {
    if (!agent) {
      const element = document.querySelector('[data-testid="agent-audio"]');
      if (element && element.srcObject) agent = meter(element.srcObject);
    }
    void context.resume();
    window.__events.push({ t: performance.now(), mic: rms(mic), agent: rms(agent) });
  }, 10);
`;

interface Segment {
  start: number;
  end: number;
}

/** Loud stretches of one level series, joined across pauses shorter than `bridgeMs` (pauses between words). */
function segments(events: { t: number; level: number }[], threshold: number, bridgeMs: number): Segment[] {
  const out: Segment[] = [];
  for (const e of events) {
    if (e.level < threshold) continue;
    const last = out.at(-1);
    if (last && e.t - last.end <= bridgeMs) last.end = e.t;
    else out.push({ start: e.t, end: e.t });
  }
  return out;
}

async function storedLatency(roomName: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      text: string;
      end_of_turn_ms: number | null;
      stt_ms: number | null;
      llm_first_token_ms: number | null;
      tts_first_byte_ms: number | null;
      voice_to_voice_ms: number | null;
    }>(
      `select (select u.text from turns u where u.conversation_id = t.conversation_id and u.seq = t.seq - 1) as text, t.end_of_turn_ms, t.stt_ms, t.llm_first_token_ms, t.tts_first_byte_ms, t.voice_to_voice_ms
         from turns t join conversations c on c.id = t.conversation_id
        where c.room_name = $1 and t.role = 'agent' and t.voice_to_voice_ms is not null order by t.seq`,
      [roomName],
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  // Not under test-results/: Playwright empties that folder when it starts.
  const dir = join(tmpdir(), "voice-agent-bench");
  mkdirSync(dir, { recursive: true });
  const wav = join(dir, `mic-${values.voice}-${turns}.wav`);
  const totalMs = await buildMicWav(wav);
  console.log(`mic audio: ${turns} questions (flite ${values.voice}), ${(totalMs / 1000).toFixed(0)} s`);

  // The e2e specs' fake-mic launch flags; an absolute path is used as it is.
  const browser = await chromium.launch(fakeMicLaunchOptions(wav));
  try {
    const page = await browser.newPage();
    await page.addInitScript({ content: installMeters });
    await page.goto(values.url);
    const tokenResponse = page.waitForResponse((r) => r.url().endsWith("/api/token") && r.ok());
    await page.getByTestId("mic-button").click();
    const { roomName } = (await (await tokenResponse).json()) as { roomName: string };
    console.log(`room ${roomName}; listening for ${(totalMs / 1000).toFixed(0)} s…`);
    await page.waitForTimeout(totalMs + 4000);
    const events = await page.evaluate(() => (window as unknown as { __events: { t: number; mic: number; agent: number }[] }).__events);
    await page.getByTestId("mic-button").click();

    const peak = (key: "mic" | "agent") => Math.max(0, ...events.map((e) => e[key]));
    console.log(`samples ${events.length}; loudest mic ${peak("mic").toFixed(3)}, loudest agent ${peak("agent").toFixed(3)}`);
    const speech = segments(events.map((e) => ({ t: e.t, level: e.mic })), 0.01, 700);
    const agentAudio = segments(events.map((e) => ({ t: e.t, level: e.agent })), 0.01, 400);
    const voiceToVoice: number[] = [];
    for (const [i, s] of speech.entries()) {
      const nextSpeech = speech[i + 1]?.start ?? Infinity;
      const reply = agentAudio.find((a) => a.start > s.end && a.start < nextSpeech);
      if (reply) voiceToVoice.push(Math.round(reply.start - s.end));
    }

    await new Promise((r) => setTimeout(r, 2000));
    const stored = await storedLatency(roomName);
    const column = (key: keyof (typeof stored)[number]) =>
      stored.map((r) => r[key]).filter((v): v is number => typeof v === "number");
    const recognised = stored.filter((r) => QUESTIONS.some((q) => r.text.toLowerCase().includes(q.split(" ").slice(-2).join(" "))));
    const rows: [string, number[]][] = [
      ["voice-to-voice heard in the browser", voiceToVoice],
      ["stored: end of turn (VAD silence + wait)", column("end_of_turn_ms")],
      ["stored: STT final after end of speech", column("stt_ms")],
      ["stored: dialogue first token", column("llm_first_token_ms")],
      ["stored: TTS first audio", column("tts_first_byte_ms")],
      ["stored: voice-to-voice (agent side)", column("voice_to_voice_ms")],
    ];
    console.log(`\n${"stage".padEnd(44)} ${"n".padStart(3)} ${"p50".padStart(6)} ${"p95".padStart(6)} ${"max".padStart(6)}`);
    for (const [label, v] of rows) {
      console.log(
        `${label.padEnd(44)} ${String(v.length).padStart(3)} ${String(percentile(v, 50)).padStart(6)} ${String(percentile(v, 95)).padStart(6)} ${String(Math.max(...v)).padStart(6)}`,
      );
    }
    console.log(`\nuser turns stored: ${stored.length}/${turns}; recognised with the question's last two words: ${recognised.length}/${turns}`);
    for (const r of stored) console.log(`  heard: ${r.text}`);
    console.log(
      JSON.stringify({
        turns,
        voice: values.voice,
        speechSegments: speech.length,
        voiceToVoiceMs: voiceToVoice,
        p50: percentile(voiceToVoice, 50),
        p95: percentile(voiceToVoice, 95),
        sttP95: percentile(column("stt_ms"), 95),
      }),
    );
  } finally {
    await browser.close();
  }
}

await main();
