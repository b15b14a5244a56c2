/**
 * Intelligibility of the offline voices: agent sentences from the business
 * profile and the knowledge base, spoken by flite and by hibari, transcribed
 * by the product's local recogniser (Vosk, via createStt) from 16 kHz audio
 * and from 8 kHz μ-law telephone-band audio (sox: 300–3400 Hz, G.711, back
 * to 16 kHz as the pipeline would feed it). Word error rates side by side.
 *
 * Usage: npx tsx scripts/bench/tts-intelligibility.ts [--count 60] [--flite kal16,slt] [--speed 1] [--show-errors]
 * Needs .cache/hibari and .cache/vosk (`npm start` fetches both) and sox.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { PcmFrame, SpeechToText, TextToSpeech } from "../../server/core/ports";
import { createStt } from "../../server/providers/stt";
import { createHibariTts, preloadHibari } from "../../server/providers/tts/hibari-voice";
import { createFliteTts, type FliteVoice } from "../../server/providers/tts/local";
import { chunkFrames, concatFrames, encodeWav, readWav, silence } from "../../server/voice/audio";
import { normalizeForSpeech } from "../../server/voice/speech-normalize";
import { agentSentences } from "./agent-sentences";
import { editDistance, scoringWords as words } from "./word-error";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "60" },
    flite: { type: "string", default: "kal16" },
    /** hibari's pace (1 = its own). */
    speed: { type: "string", default: "1" },
    "show-errors": { type: "boolean", default: false },
  },
});
const count = Number(values.count);

/** Agent sentences of four words or more from the profile and the knowledge base (not headings, not the caller's example phrases), spread evenly. */
function pickSentences(): string[] {
  const pool = agentSentences(2000)
    .filter((s) => (s.source === "profile" || s.source === "knowledge") && !s.text.startsWith("#") && !s.text.startsWith("You asked:"))
    .map((s) => normalizeForSpeech(s.text))
    .filter((s) => s.split(/\s+/).length >= 4);
  const step = pool.length / Math.min(count, pool.length);
  return Array.from({ length: Math.min(count, pool.length) }, (_, i) => pool[Math.floor(i * step)] as string);
}

async function speak(tts: TextToSpeech, text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of tts.synthesize(text)) frames.push(frame);
  return concatFrames(frames);
}

/** 16 kHz → 8 kHz G.711 μ-law in the telephone band → 16 kHz, with sox. */
function telephone(audio: PcmFrame, dir: string): PcmFrame {
  const clean = join(dir, "clean.wav"), law = join(dir, "phone.wav"), back = join(dir, "back.wav");
  writeFileSync(clean, encodeWav(audio));
  execFileSync("sox", [clean, "-r", "8000", "-e", "mu-law", "-b", "8", law, "sinc", "300-3400"]);
  execFileSync("sox", [law, "-r", "16000", "-e", "signed-integer", "-b", "16", back]);
  return readWav(readFileSync(back));
}

async function transcribe(stt: SpeechToText, audio: PcmFrame): Promise<string> {
  const padded = concatFrames([silence(200, 16000), audio, silence(500, 16000)]);
  async function* frames(): AsyncIterable<PcmFrame> {
    for (const frame of chunkFrames(padded, 20)) yield frame;
  }
  const finals: string[] = [];
  for await (const event of stt.transcribe(frames())) if (event.type === "final") finals.push(event.text);
  return finals.join(" ");
}

interface Score {
  errors: number;
  words: number;
  exact: number;
  mistakes: string[];
}

async function main(): Promise<void> {
  const sentences = pickSentences();
  const assetsDir = resolve(".cache/hibari");
  await preloadHibari(assetsDir);
  const engines: TextToSpeech[] = [
    ...values.flite.split(",").filter(Boolean).map((voice) => createFliteTts({ voice: voice as FliteVoice })),
    createHibariTts({ assetsDir, speed: Number(values.speed) }),
  ];
  const stt = createStt({ STT_PROVIDER: "local", VOSK_MODEL_DIR: resolve(".cache/vosk/model-en-us"), VOSK_LIBRARY: resolve(".cache/vosk/libvosk.so") });
  const dir = mkdtempSync(join(tmpdir(), "tts-intel-"));
  const scores = new Map<string, Score>();
  const score = (key: string, ref: string, hyp: string) => {
    const s = scores.get(key) ?? { errors: 0, words: 0, exact: 0, mistakes: [] };
    const r = words(ref), h = words(hyp), e = editDistance(r, h);
    s.errors += e;
    s.words += r.length;
    if (e === 0) s.exact += 1;
    else s.mistakes.push(`  ref: ${r.join(" ")}\n  hyp: ${h.join(" ")}`);
    scores.set(key, s);
  };
  try {
    for (const [i, text] of sentences.entries()) {
      for (const tts of engines) {
        const audio = await speak(tts, text);
        score(`${tts.name} 16k`, text, await transcribe(stt, audio));
        score(`${tts.name} 8k`, text, await transcribe(stt, telephone(audio, dir)));
      }
      if ((i + 1) % 10 === 0) process.stderr.write(`${i + 1}/${sentences.length}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const totalWords = words(sentences.join(" ")).length;
  console.log(`${sentences.length} agent sentences (profile and knowledge base), ${totalWords} words; recogniser: ${stt.name}`);
  console.log("| voice | WER 16 kHz | exact 16 kHz | WER 8 kHz phone | exact 8 kHz |");
  console.log("|---|---|---|---|---|");
  for (const tts of engines) {
    const a = scores.get(`${tts.name} 16k`), b = scores.get(`${tts.name} 8k`);
    if (!a || !b) continue;
    const wer = (s: Score) => `${((100 * s.errors) / s.words).toFixed(1)} %`;
    console.log(`| ${tts.name} | ${wer(a)} | ${a.exact}/${sentences.length} | ${wer(b)} | ${b.exact}/${sentences.length} |`);
  }
  if (values["show-errors"]) {
    for (const [key, s] of scores) console.log(`\n${key}:\n${s.mistakes.join("\n")}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
