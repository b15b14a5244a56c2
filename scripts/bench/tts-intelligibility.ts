/**
 * Intelligibility of the offline voices: agent sentences spoken by flite and
 * by hibari, transcribed from 16 kHz audio and from 8 kHz μ-law
 * telephone-band audio (sox: 300–3400 Hz, G.711, back to 16 kHz as the
 * pipeline would feed it). Word error rates side by side.
 *
 * Two sentence sets, reported apart: "main" (profile and knowledge base,
 * what the voice was tuned on) and "held-out" (booking read-backs, order
 * statuses, prices, phone numbers, addresses — agentSentences.ts's
 * heldOutSentences, kept out of tuning). Two ears: the product's own
 * recogniser (Vosk small, via createStt) and, with --whisper PYTHON, Whisper
 * tiny.en (tts-whisper-ear.py), so a word one recogniser mishears can be told
 * from a word the voice said wrong.
 *
 * Usage: npx tsx scripts/bench/tts-intelligibility.ts [--sets main,held-out] [--count 60] [--flite kal16]
 *   [--speed 1] [--phone-speed S] [--phone-shape off|on|250:2600:6] [--rates 16k,8k] [--seed 1] [--whisper /tmp/ear-venv/bin/python] [--show-errors] [--json out.json]
 *   [--out docs/benchmarks.md]
 * Needs .cache/hibari and .cache/vosk (`npm start` fetches both) and sox.
 * With --out, the tables replace the file's `tts-intelligibility` section.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { PcmFrame, SpeechToText, TextToSpeech } from "../../server/core/ports";
import { createStt } from "../../server/providers/stt";
import { hibariWorker } from "../../server/providers/tts/hibari/client";
import { createHibariTts, preloadHibari } from "../../server/providers/tts/hibari-voice";
import { createFliteTts, type FliteVoice } from "../../server/providers/tts/local";
import { chunkFrames, concatFrames, encodeWav, readWav, silence } from "../../server/voice/audio";
import { normalizeForSpeech } from "../../server/voice/speech-normalize";
import { agentSentences, heldOutSentences } from "./agent-sentences";
import { alignWords, benchPair, benchWords, describeOp } from "./tts-word-diff";
import { editDistance } from "./word-error";
import { loadSampler, machineLine, writeSection } from "./report";

const { values } = parseArgs({
  options: {
    sets: { type: "string", default: "main,held-out" },
    count: { type: "string", default: "60" },
    flite: { type: "string", default: "kal16" },
    /** hibari's pace (1 = its own) on the web row, and on the phone row unless --phone-speed says otherwise. */
    speed: { type: "string", default: "1" },
    "phone-speed": { type: "string" },
    /** Shape hibari for the phone row (high-pass + presence boost, hibari/telephone.ts): "off", "on" or "HPF_HZ:PRESENCE_HZ:DB". */
    "phone-shape": { type: "string", default: "off" },
    rates: { type: "string", default: "16k,8k" },
    /** Fixes hibari's vocoder noise, so two runs of one build give the same audio. */
    seed: { type: "string", default: "1" },
    whisper: { type: "string" },
    "show-errors": { type: "boolean", default: false },
    json: { type: "string" },
    /** Write the tables into this file's `<!-- bench:tts-intelligibility -->` section (docs/benchmarks.md). */
    out: { type: "string" },
    /** Score a --json file of an earlier run again (after a change to the scoring) instead of synthesising. */
    "from-json": { type: "string" },
  },
});

/** Agent sentences of four words or more from the profile and the knowledge base (not headings, not the caller's example phrases), spread evenly. */
function mainSentences(count: number): string[] {
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
function telephoneBand(audio: PcmFrame, dir: string): PcmFrame {
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

/** One recording heard by one ear. */
interface Hearing {
  set: string;
  index: number;
  voice: string;
  rate: "16k" | "8k";
  ear: "vosk" | "whisper";
  reference: string;
  heard: string;
}

function whisperHear(python: string, wavs: readonly string[]): Map<string, string> {
  const script = join(import.meta.dirname, "tts-whisper-ear.py");
  const out = execFileSync("nice", ["-n", "5", python, script, ...wavs], { encoding: "utf8", maxBuffer: 64 << 20 });
  return new Map(
    out
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { path: string; text: string })
      .map((r) => [r.path, r.text]),
  );
}

/** The word error tables, one per sentence set (markdown). */
function tables(hearings: readonly Hearing[], sets: Readonly<Record<string, readonly string[]>>): string {
  const out: string[] = [];
  for (const [set, sentences] of Object.entries(sets)) {
    const words = sentences.reduce((n, s) => n + benchWords(s).length, 0);
    out.push(`\n### ${set}: ${sentences.length} sentences, ${words} words`);
    out.push("| voice | ear | WER 16 kHz | exact 16 kHz | WER 8 kHz phone | exact 8 kHz |");
    out.push("|---|---|---|---|---|---|");
    const keys = [...new Set(hearings.filter((h) => h.set === set).map((h) => `${h.voice}|${h.ear}`))];
    for (const key of keys) {
      const [voice, ear] = key.split("|");
      const cell = (rate: string) => {
        const hs = hearings.filter((h) => h.set === set && h.voice === voice && h.ear === ear && h.rate === rate);
        if (hs.length === 0) return "— | —";
        let errors = 0, total = 0, exact = 0;
        for (const h of hs) {
          const e = editDistance(...benchPair(h.reference, h.heard));
          errors += e;
          total += benchWords(h.reference).length;
          if (e === 0) exact += 1;
        }
        return `${((100 * errors) / Math.max(1, total)).toFixed(1)} % | ${exact}/${hs.length}`;
      };
      out.push(`| ${voice} | ${ear} | ${cell("16k")} | ${cell("8k")} |`);
    }
  }
  return out.join("\n");
}

function report(hearings: readonly Hearing[], sets: Readonly<Record<string, readonly string[]>>, showErrors: boolean): void {
  console.log(tables(hearings, sets));
  if (!showErrors) return;
  const groups = new Map<string, Hearing[]>();
  for (const h of hearings) groups.set(`${h.set} · ${h.voice} · ${h.ear} · ${h.rate}`, [...(groups.get(`${h.set} · ${h.voice} · ${h.ear} · ${h.rate}`) ?? []), h]);
  for (const [key, hs] of groups) {
    console.log(`\n${key}:`);
    for (const h of hs) {
      const ops = alignWords(...benchPair(h.reference, h.heard));
      if (ops.length) console.log(`  [${h.index}] ${ops.map(describeOp).join("  ")}    ← ${h.reference}`);
    }
  }
}

async function main(): Promise<void> {
  if (values["from-json"]) {
    const hearings = JSON.parse(readFileSync(values["from-json"], "utf8")) as Hearing[];
    const sets: Record<string, string[]> = {};
    for (const h of hearings) (sets[h.set] ??= [])[h.index] = h.reference;
    report(hearings, sets, values["show-errors"]);
    return;
  }
  const wanted = values.sets.split(",").filter(Boolean);
  const sets: Record<string, string[]> = {};
  if (wanted.includes("main")) sets.main = mainSentences(Number(values.count));
  if (wanted.includes("held-out")) sets["held-out"] = heldOutSentences().map(normalizeForSpeech);
  const assetsDir = resolve(".cache/hibari");
  hibariWorker(assetsDir, { seed: Number(values.seed) });
  await preloadHibari(assetsDir);
  const speed = Number(values.speed);
  const phoneSpeed = values["phone-speed"] === undefined ? speed : Number(values["phone-speed"]);
  const hibari = createHibariTts({ assetsDir, speed });
  const shape = values["phone-shape"];
  const [highPassHz, presenceHz, presenceDb] = shape.split(":").map(Number);
  const telephone = shape === "off" ? undefined : shape === "on" ? true : { highPassHz, presenceHz, presenceDb };
  const voices: { web: TextToSpeech; phone: TextToSpeech }[] = [
    ...values.flite.split(",").filter(Boolean).map((voice) => createFliteTts({ voice: voice as FliteVoice })).map((tts) => ({ web: tts, phone: tts })),
    { web: hibari, phone: phoneSpeed === speed && !telephone ? hibari : createHibariTts({ assetsDir, speed: phoneSpeed, telephone }) },
  ];
  const stt = createStt({ STT_PROVIDER: "local", VOSK_MODEL_DIR: resolve(".cache/vosk/model-en-us"), VOSK_LIBRARY: resolve(".cache/vosk/libvosk.so") });
  const dir = mkdtempSync(join(tmpdir(), "tts-intel-"));
  const load = loadSampler();
  const hearings: Hearing[] = [];
  const recordings = new Map<string, Omit<Hearing, "ear" | "heard">>();
  try {
    for (const [set, sentences] of Object.entries(sets)) {
      for (const [index, reference] of sentences.entries()) {
        for (const { web, phone } of voices) {
          const rates = values.rates.split(",");
          const clean = rates.includes("16k") || phone === web ? await speak(web, reference) : undefined;
          const line = rates.includes("8k") ? telephoneBand(phone === web && clean ? clean : await speak(phone, reference), dir) : undefined;
          for (const [rate, audio] of [["16k", rates.includes("16k") ? clean : undefined], ["8k", line]] as const) {
            if (!audio) continue;
            const base = { set, index, voice: web.name, rate, reference };
            hearings.push({ ...base, ear: "vosk", heard: await transcribe(stt, audio) });
            if (values.whisper) {
              const wav = join(dir, `${set}-${index}-${web.name}-${rate}.wav`);
              writeFileSync(wav, encodeWav(audio));
              recordings.set(wav, base);
            }
          }
        }
        if ((index + 1) % 10 === 0) process.stderr.write(`${set} ${index + 1}/${sentences.length}\n`);
      }
    }
    if (values.whisper) {
      for (const [wav, text] of whisperHear(values.whisper, [...recordings.keys()])) {
        const base = recordings.get(wav);
        if (base) hearings.push({ ...base, ear: "whisper", heard: text });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { mean, max } = load.stop();
  const settings = `recognisers: ${stt.name}${values.whisper ? " and Whisper tiny.en" : ""}; hibari speed ${speed}, on the phone ${phoneSpeed}, phone shaping ${shape}; seed ${values.seed}`;
  console.log(settings);
  report(hearings, sets, values["show-errors"]);
  if (values.out) {
    const how = "`npx tsx scripts/bench/tts-intelligibility.ts --whisper <venv>/bin/python --show-errors --out docs/benchmarks.md`";
    const body = `## Intelligibility of the offline voices (issue 17): ${how}\n\n${machineLine()}; load average ${mean} (max ${max}) during the run (the load changes how long the run takes, not the audio or what the ears hear).\n${settings}. WER: words the ear got wrong (substituted, dropped or added) over the reference's words; 8 kHz is G.711 μ-law in the 300–3400 Hz band.\n${tables(hearings, sets)}`;
    writeSection(values.out, "tts-intelligibility", body);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify(hearings, null, 1));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
