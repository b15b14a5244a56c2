// Word error rate of the offline recognisers, side by side in one run:
//   npx tsx scripts/bench-stt-wer.ts [--voices=awb,rms,kal16] [--limit=N] [--plain] [--no-repair] [--grammar] [--no-pocketsphinx] [--verbose]
// Test set: the business profile's intent examples plus scripts/bench/wer-sentences.ts (order
// numbers read digit by digit, names, dates, knowledge and out-of-domain questions), spoken by
// Debian flite voices other than the e2e fixtures' (slt), in two conditions: clean 16 kHz, and
// telephone band (300–3400 Hz, 8 kHz G.711 μ-law round trip, back to 16 kHz) made with sox.
// Engines: Vosk as the product runs it (server/providers/stt: open vocabulary, n-best re-ranked
// with the business's phrases), and the former pocketsphinx setup (scripts/bench/pocketsphinx.ts:
// same model, same domain language model). --plain adds Vosk without the re-ranking, --no-repair the
// re-ranking without the phonetic repair of business words (phonetic-repair.ts), --grammar
// Vosk closed to a runtime grammar of the business's phrases (measured, not used: see vosk.ts).
// Audio is generated once into .cache/bench-stt-wer (git-ignored).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import koffi from "koffi";
import { loadBusinessProfile } from "../server/business-profile";
import { extractSlots } from "../server/core/dialogue/slots";
import type { PcmFrame, SpeechToText } from "../server/core/ports";
import { createStt, preloadStt } from "../server/providers/stt";
import { loadDomainPhrases } from "../server/providers/stt/domain-phrases";
import { createVoskStt, preloadVosk } from "../server/providers/stt/vosk";
import { vosk, type VoskApi } from "../server/providers/stt/vosk-ffi";
import { chunkFrames, readWav } from "../server/voice/audio";
import { tokenizeForLm } from "./bench/domain-lm";
import { loadPocketsphinx, type PocketsphinxDecoder } from "./bench/pocketsphinx";
import { werSentences, type WerSentence } from "./bench/wer-sentences";
import { editDistance, scoringWords as words } from "./bench/word-error";

const args = new Map(process.argv.slice(2).map((a) => [a.replace(/^--/, "").split("=")[0]!, a.split("=")[1] ?? "true"]));
const voices = (args.get("voices") ?? "awb,rms,kal16").split(",");
const limit = Number(args.get("limit") ?? Infinity);
const withGrammar = args.has("grammar");
const withPlain = args.has("plain");
const withoutRepair = args.has("no-repair");
const withPocketsphinx = !args.has("no-pocketsphinx");
const root = process.cwd();
const audioDir = join(root, ".cache", "bench-stt-wer");

type Condition = "clean 16k" | "phone 8k";
const conditions: Condition[] = ["clean 16k", "phone 8k"];
interface Item {
  readonly sentence: WerSentence | { kind: "profile"; text: string; orderNumber?: undefined };
  readonly voice: string;
  readonly condition: Condition;
  readonly audio: PcmFrame;
}

function sh(cmd: string, argv: string[]): void {
  const r = spawnSync(cmd, argv, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")}: ${r.stderr || r.error?.message}`);
}

function makeAudio(text: string, voice: string): { clean: string; phone: string } {
  const id = createHash("sha256").update(`${voice}\n${text}`).digest("hex").slice(0, 16);
  const dir = join(audioDir, voice);
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, `${id}.flite.wav`);
  const clean = join(dir, `${id}.clean.wav`);
  const mulaw = join(dir, `${id}.mulaw8k.wav`);
  const phone = join(dir, `${id}.phone.wav`);
  if (!existsSync(phone)) {
    sh("flite", ["-voice", voice, "-t", text, "-o", raw]);
    sh("sox", [raw, "-r", "16000", "-c", "1", "-e", "signed-integer", "-b", "16", clean]);
    // Telephone band: 300–3400 Hz, 8 kHz G.711 μ-law, then back to the 16 kHz the pipeline feeds.
    sh("sox", [clean, "-r", "8000", "-e", "mu-law", "-b", "8", mulaw, "sinc", "300-3400"]);
    sh("sox", [mulaw, "-r", "16000", "-e", "signed-integer", "-b", "16", phone]);
  }
  return { clean, phone };
}

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface Decoded {
  readonly item: Item;
  readonly text: string;
  readonly decodeMs: number;
  /** Vosk only: final transcript after the input ended. */
  readonly finalMs?: number;
}

interface EngineRun {
  readonly name: string;
  readonly loadMs: number;
  readonly results: Decoded[];
  readonly maxLoopDelayMs: number;
}

/** Feeds 20 ms frames as fast as the provider takes them; times the final from the end of input. */
async function runProvider(name: string, stt: SpeechToText, preload: () => Promise<void>, items: Item[]): Promise<EngineRun> {
  let t = performance.now();
  await preload();
  const loadMs = performance.now() - t;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const results: Decoded[] = [];
  for (const item of items) {
    let inputEndedAt = 0;
    async function* frames(): AsyncIterable<PcmFrame> {
      yield* chunkFrames(item.audio, 20);
      inputEndedAt = performance.now();
    }
    t = performance.now();
    let text = "";
    for await (const event of stt.transcribe(frames())) if (event.type === "final") text = event.text;
    const end = performance.now();
    results.push({ item, text, decodeMs: end - t, finalMs: end - inputEndedAt });
  }
  loop.disable();
  return { name, loadMs, results, maxLoopDelayMs: loop.max / 1e6 };
}

async function runPocketsphinx(items: Item[]): Promise<EngineRun> {
  let t = performance.now();
  const decoder: PocketsphinxDecoder = await loadPocketsphinx();
  const loadMs = performance.now() - t;
  const results: Decoded[] = [];
  for (const item of items) {
    t = performance.now();
    const text = await decoder.decode(item.audio.samples);
    results.push({ item, text, decodeMs: performance.now() - t });
  }
  return { name: "pocketsphinx + domain LM", loadMs, results, maxLoopDelayMs: NaN };
}

/** Vosk closed to a runtime grammar: the domain model's phrases and their words, plus "[unk]". */
async function grammarApi(library: string, modelDir: string): Promise<VoskApi> {
  const lib = koffi.load(library);
  const newGrm = lib.func("void *vosk_recognizer_new_grm(void *model, float sample_rate, const char *grammar)");
  const findWord = lib.func("int vosk_model_find_word(void *model, const char *word)");
  const base = vosk(library);
  const model = await base.loadModel(modelDir);
  const profile = loadBusinessProfile();
  const knowledge = readdirSync(join(root, "knowledge"))
    .filter((f) => f.endsWith(".md"))
    .flatMap((f) => readFileSync(join(root, "knowledge", f), "utf8").split(/[.!?\n]+/));
  const sentences = [...profile.intents.flatMap((i) => i.examples), ...knowledge, "zero one two three four five six seven eight nine"];
  const candidates = new Set(sentences.flatMap((s) => s.toLowerCase().replace(/[’]/g, "'").replace(/[^a-z' ]+/g, " ").split(/\s+/)));
  const vocabulary = new Set([...candidates].filter((w) => w && (findWord(model, w) as number) >= 0));
  const runs = sentences.flatMap((s) => tokenizeForLm(s, vocabulary));
  const phrases = new Set(runs.map((r) => r.join(" ")));
  for (const w of vocabulary) phrases.add(w);
  const grammar = JSON.stringify([...phrases, "[unk]"]);
  console.log(`grammar: ${phrases.size} phrases over ${vocabulary.size} words`);
  return {
    ...base,
    loadModel: () => Promise.resolve(model),
    newRecognizer: (m, rate) =>
      new Promise((done, fail) =>
        newGrm.async(m, rate, grammar, (error: unknown, handle: never) => (error ? fail(error) : done(handle))),
      ),
  };
}

function report(runs: EngineRun[], items: Item[]): void {
  const kinds = [...new Set(items.map((i) => i.sentence.kind))];
  const wer = (rows: Decoded[]) => {
    let errors = 0;
    let total = 0;
    for (const r of rows) {
      const ref = words(r.item.sentence.text);
      errors += editDistance(ref, words(r.text));
      total += ref.length;
    }
    return total ? (100 * errors) / total : NaN;
  };
  const exact = (rows: Decoded[]) => rows.filter((r) => words(r.text).join(" ") === words(r.item.sentence.text).join(" ")).length;
  const cell = (s: string, w = 12) => s.padStart(w);
  const header = "".padEnd(24) + runs.map((r) => cell(r.name.slice(0, 24), 26)).join("");
  console.log(`\nWER (word error rate, lower is better) over ${items.length / conditions.length} utterances × ${conditions.length} conditions; voices ${voices.join(", ")}:`);
  console.log(header);
  for (const condition of conditions) {
    const line = runs.map((run) => {
      const rows = run.results.filter((r) => r.item.condition === condition);
      return cell(`${wer(rows).toFixed(1)} %  (${exact(rows)}/${rows.length} exact)`, 26);
    });
    console.log(condition.padEnd(24) + line.join(""));
  }
  for (const condition of conditions) {
    for (const kind of kinds) {
      const line = runs.map((run) => cell(`${wer(run.results.filter((r) => r.item.condition === condition && r.item.sentence.kind === kind)).toFixed(1)} %`, 26));
      console.log(`  ${condition} ${kind}`.padEnd(24) + line.join(""));
    }
  }
  for (const voice of voices) {
    const line = runs.map((run) => cell(`${wer(run.results.filter((r) => r.item.voice === voice)).toFixed(1)} %`, 26));
    console.log(`  voice ${voice}`.padEnd(24) + line.join(""));
  }
  const orderLine = runs.map((run) => {
    const rows = run.results.filter((r) => r.item.sentence.orderNumber);
    const ok = rows.filter((r) => extractSlots(r.text).orderNumber === r.item.sentence.orderNumber).length;
    return cell(`${ok}/${rows.length}`, 26);
  });
  console.log("order number slot right".padEnd(24) + orderLine.join(""));
  const audioS = items.reduce((s, i) => s + i.audio.samples.length / i.audio.sampleRate, 0);
  console.log("RTF (decode / audio)".padEnd(24) + runs.map((r) => cell((r.results.reduce((s, x) => s + x.decodeMs, 0) / 1000 / audioS).toFixed(3), 26)).join(""));
  console.log("model load".padEnd(24) + runs.map((r) => cell(`${r.loadMs.toFixed(0)} ms`, 26)).join(""));
  const finals = (r: EngineRun) => r.results.map((x) => x.finalMs).filter((x): x is number => x !== undefined);
  console.log("final after input end".padEnd(24) + runs.map((r) => cell(finals(r).length ? `p50 ${pct(finals(r), 50).toFixed(0)} p95 ${pct(finals(r), 95).toFixed(0)} ms` : "n/a", 26)).join(""));
  console.log("max event-loop delay".padEnd(24) + runs.map((r) => cell(Number.isNaN(r.maxLoopDelayMs) ? "n/a" : `${r.maxLoopDelayMs.toFixed(0)} ms`, 26)).join(""));
  console.log(`process RSS at the end: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  if (args.has("verbose")) {
    for (const run of runs) {
      console.log(`\n${run.name}: misrecognised`);
      for (const r of run.results) {
        if (words(r.text).join(" ") !== words(r.item.sentence.text).join(" ")) {
          console.log(`  [${r.item.voice} ${r.item.condition}] "${r.item.sentence.text}" → "${r.text}"`);
        }
      }
    }
  }
}

async function main(): Promise<void> {
  const prereqs = (await import(pathToFileURL(resolve(root, "scripts/lib/prereqs.mjs")).href)) as {
    ensureVosk: (root: string) => Promise<{ modelDir: string; library: string }>;
  };
  const fetched = await prereqs.ensureVosk(root);
  const library = fetched.library;
  // --model=DIR tries another model folder (e.g. a copy with a different conf/model.conf).
  const modelDir = args.has("model") ? resolve(args.get("model")!) : fetched.modelDir;
  const sentences: Item["sentence"][] = [
    ...loadBusinessProfile().intents.flatMap((i) => i.examples.map((text) => ({ kind: "profile" as const, text }))),
    ...werSentences,
  ].slice(0, limit);
  console.log(`generating ${sentences.length} sentences × ${voices.length} voices × ${conditions.length} conditions (cached in ${audioDir})…`);
  const items: Item[] = [];
  for (const sentence of sentences) {
    for (const voice of voices) {
      const files = makeAudio(sentence.text, voice);
      items.push({ sentence, voice, condition: "clean 16k", audio: readWav(readFileSync(files.clean)) });
      items.push({ sentence, voice, condition: "phone 8k", audio: readWav(readFileSync(files.phone)) });
    }
  }
  const runs: EngineRun[] = [];
  console.log("vosk…");
  const options = { modelDir, library };
  const productEnv = { STT_PROVIDER: "local", VOSK_MODEL_DIR: modelDir, VOSK_LIBRARY: library } as const;
  const domainPhrases = loadDomainPhrases(loadBusinessProfile(), join(root, "knowledge"));
  const lexiconDir = join(root, ".cache", "hibari");
  runs.push(await runProvider("vosk (product)", createStt(productEnv, { domainPhrases, lexiconDir }), () => preloadStt(productEnv), items));
  if (withoutRepair) {
    console.log("vosk re-ranked, without phonetic repair…");
    runs.push(await runProvider("vosk, re-ranking only", createStt(productEnv, { domainPhrases }), () => preloadStt(productEnv), items));
  }
  if (withPlain) {
    console.log("vosk without re-ranking…");
    runs.push(await runProvider("vosk, no re-ranking", createVoskStt(options), () => preloadVosk(options), items));
  }
  if (withGrammar) {
    console.log("vosk with grammar…");
    const grammar = { modelDir, library, api: await grammarApi(library, modelDir) };
    runs.push(await runProvider("vosk + domain grammar", createVoskStt(grammar), () => preloadVosk(grammar), items));
  }
  if (withPocketsphinx) {
    console.log("pocketsphinx…");
    runs.push(await runPocketsphinx(items));
  }
  report(runs, items);
}

await main();
