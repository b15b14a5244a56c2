/**
 * Latency and cost of the offline voice, through the product's own path
 * (createTts → worker thread → 24→16 kHz resampler → 20 ms frames):
 * real-time factor, time from synthesize() to the first frame (p50/p95)
 * over agent sentences, the longest event-loop stall while it runs, and
 * the resident memory the voice adds to a job process (measured against a
 * process that already has onnxruntime and the Silero VAD loaded, as a
 * job process does).
 *
 * Usage: npx tsx scripts/bench/tts-latency.ts [--count 120] [--rounds 2] [--flite kal16]
 */
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import * as ort from "onnxruntime-node";
import type { PcmFrame, TextToSpeech } from "../../server/core/ports";
import { createTts, preloadTts } from "../../server/providers/tts";
import type { Env } from "../../server/env";
import { normalizeForSpeech } from "../../server/voice/speech-normalize";
import { agentSentences } from "./agent-sentences";

const { values } = parseArgs({
  options: { count: { type: "string", default: "120" }, rounds: { type: "string", default: "2" }, flite: { type: "string", default: "kal16" } },
});

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const pct = (xs: readonly number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const settle = async () => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 300));
};

interface Run {
  firstMs: number[];
  wallMs: number;
  audioMs: number;
  stallMs: number;
}

async function measure(tts: TextToSpeech, sentences: readonly string[], rounds: number): Promise<Run> {
  const run: Run = { firstMs: [], wallMs: 0, audioMs: 0, stallMs: 0 };
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    run.stallMs = Math.max(run.stallMs, now - last);
    last = now;
  }, 5);
  try {
    for (let round = 0; round < rounds; round++) {
      for (const text of sentences) {
        const started = performance.now();
        let first = -1;
        let samples = 0;
        let rate = 16000;
        for await (const frame of tts.synthesize(text) as AsyncIterable<PcmFrame>) {
          if (first < 0) first = performance.now() - started;
          samples += frame.samples.length;
          rate = frame.sampleRate;
        }
        run.firstMs.push(first);
        run.wallMs += performance.now() - started;
        run.audioMs += (1000 * samples) / rate;
        last = performance.now();
      }
    }
  } finally {
    clearInterval(ticker);
  }
  return run;
}

function report(name: string, run: Run, sentences: number): void {
  console.log(
    `| ${name} | ${sentences} | ${(run.audioMs / 1000).toFixed(0)} s | ${(run.wallMs / run.audioMs).toFixed(3)} | ` +
      `${pct(run.firstMs, 50).toFixed(0)} ms | ${pct(run.firstMs, 95).toFixed(0)} ms | ${Math.max(...run.firstMs).toFixed(0)} ms | ${run.stallMs.toFixed(0)} ms |`,
  );
}

async function main(): Promise<void> {
  // What a job process already holds before the voice: onnxruntime with the Silero VAD session.
  const silero = join(dirname(createRequire(import.meta.url).resolve("@livekit/agents-plugin-silero")), "silero_vad.onnx");
  const vad = await ort.InferenceSession.create(silero, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  await settle();
  const before = process.memoryUsage().rss;

  const env = { TTS_PROVIDER: "local" as const, TTS_VOICE: "heart" as const, HIBARI_ASSETS_DIR: resolve(".cache/hibari") };
  const loadStarted = performance.now();
  await preloadTts(env);
  const loadMs = performance.now() - loadStarted;
  const hibari = createTts(env);
  for await (const frame of hibari.synthesize("Hello.")) void frame; // the prewarm's warm-up
  await settle();
  const afterLoad = process.memoryUsage().rss;

  const count = Number(values.count);
  const all = agentSentences(2000).map((s) => normalizeForSpeech(s.text)).filter((s) => /\p{L}/u.test(s));
  const step = all.length / Math.min(count, all.length);
  const sentences = Array.from({ length: Math.min(count, all.length) }, (_, i) => all[Math.floor(i * step)] as string);
  const rounds = Number(values.rounds);

  console.log(`${sentences.length} agent sentences × ${rounds} rounds; load avg ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log("| voice | sentences | audio | RTF | first audio p50 | p95 | max | longest event-loop stall |");
  console.log("|---|---|---|---|---|---|---|---|");
  const run = await measure(hibari, sentences, rounds);
  report(hibari.name, run, sentences.length);
  await settle();
  const afterRuns = process.memoryUsage().rss;

  for (const voice of values.flite.split(",").filter(Boolean)) {
    const flite = createTts({ TTS_PROVIDER: "local", TTS_VOICE: voice as Env["TTS_VOICE"] });
    for await (const frame of flite.synthesize("Hello.")) void frame;
    report(flite.name, await measure(flite, sentences, rounds), sentences.length);
  }
  console.log(`\nhibari load (worker start, lexicons, tagger, two ONNX sessions, warm-up): ${loadMs.toFixed(0)} ms`);
  console.log(`RSS: job-like process with onnxruntime + Silero ${mb(before)}; +${mb(afterLoad - before)} after the voice loaded; +${mb(afterRuns - before)} after ${run.firstMs.length} syntheses`);
  void vad;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
