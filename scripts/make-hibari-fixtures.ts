/**
 * Writes the reference fixtures the hibari voice's tests compare against,
 * from the Python package itself (a test-time reference only: the product
 * never runs Python):
 *
 * - server/providers/tts/hibari/testing/g2p-reference.jsonl: ≥ 2,000 agent
 *   sentences (scripts/bench/agent-sentences.ts), each as written, as the
 *   product's normaliser speaks it, and the phonemes hibari's own Python
 *   front end gives for that spoken text; `fixedPoint` is false where
 *   hibari's normaliser would still rewrite the spoken text.
 * - server/providers/tts/hibari/testing/dsp-golden.f32: hibari/dsp.py's
 *   waveform for the formula-made spectra of testing/synthetic-spectra.ts.
 * - server/providers/tts/hibari/testing/voice-golden.json: phonemes → model
 *   → dsp.py for one sentence, with formula noise, as 16-bit samples.
 *
 * Needs hibari-tts in a throwaway venv outside the repo (its voices.py, which
 * downloads, is never imported), with the onnxruntime release that matches
 * package.json's onnxruntime-node: the same release gives bit-identical model
 * outputs, another one does not (1.32 vs 1.24.3: up to 0.2 in log-magnitude).
 *   python3 -m venv /tmp/hibari-venv && /tmp/hibari-venv/bin/pip install hibari-tts==0.2.1 onnxruntime==1.24.3
 * Usage: npx tsx scripts/make-hibari-fixtures.ts [--python /tmp/hibari-venv/bin/python]
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { normalizeForSpeech } from "../server/voice/speech-normalize";
import { agentSentences } from "./bench/agent-sentences";

const root = join(import.meta.dirname, "..");
const out = join(root, "server", "providers", "tts", "hibari", "testing");
const args = process.argv.slice(2);
const python = args[args.indexOf("--python") + 1] && args.includes("--python") ? (args[args.indexOf("--python") + 1] as string) : "/tmp/hibari-venv/bin/python";

/** Imports hibari's modules without running its package __init__ (which imports voices.py). */
const PRELUDE = String.raw`
import sys, types, os, json, importlib.util
spec = importlib.util.find_spec("hibari")
if spec is None: sys.exit("hibari-tts is not installed for this python")
pkg = types.ModuleType("hibari"); pkg.__path__ = list(spec.submodule_search_locations); sys.modules["hibari"] = pkg
ASSETS = os.path.join(pkg.__path__[0], "assets")
`;

const G2P_SCRIPT = PRELUDE + String.raw`
from hibari.g2p import G2P
from hibari.g2p.normalize import normalize
g = G2P()
for line in sys.stdin:
    item = json.loads(line)
    spoken = item["spoken"]
    print(json.dumps({"phonemes": g(spoken), "fixedPoint": normalize(spoken) == spoken, "raw": g(item["text"])}, ensure_ascii=False), flush=True)
`;

const DSP_SCRIPT = PRELUDE + String.raw`
import numpy as np
from hibari import dsp
F = int(sys.argv[1])
k = np.arange(601)[:, None].astype(np.float64); f = np.arange(F)[None, :].astype(np.float64)
lh = (6*np.sin(0.37*k + 0.11*f) - 6).astype(np.float32)
th = (3*np.sin(0.23*k - 0.05*f)).astype(np.float32)
ln = (8*np.cos(0.071*k + 0.19*f) - 10).astype(np.float32)
lr = (5*np.sin(0.0005*k*f + 0.3*f) - 8).astype(np.float32)
phi = (4*np.sin(0.29*k + 0.41*f)).astype(np.float32)
f0 = np.zeros(F, np.float32); ff = np.arange(3, F - 5); f0[3:F - 5] = (120 + 40*np.sin(0.2*ff)).astype(np.float32)
def noise(F):
    i = np.arange(601*2*F, dtype=np.int64)
    u1 = (((i*2654435761 + 12345) % 4294967296) + 0.5) / 4294967296
    u2 = (((i*40503 + 7) % 65536) + 0.5) / 65536
    return (np.sqrt(-2*np.log(u1))*np.cos(2*np.pi*u2)).astype(np.float32).reshape(601, 2*F)
class Fixed:
    def __init__(self, z): self.z = z
    def standard_normal(self, shape, dtype): assert shape == self.z.shape; return self.z.copy()
y = dsp.synth(lh, th, ln, lr, phi, f0, Fixed(noise(F)))
sys.stdout.buffer.write(y.astype("<f4").tobytes())
`;

const VOICE_SCRIPT = PRELUDE + String.raw`
import numpy as np, onnxruntime as ort
if ort.__version__ != sys.argv[2]: sys.exit(f"onnxruntime {ort.__version__} here, onnxruntime-node {sys.argv[2]} in the product: install onnxruntime=={sys.argv[2]}")
from hibari import dsp
from hibari.g2p import G2P
text = sys.argv[1]
vocab = json.load(open(os.path.join(ASSETS, "vocab.json"), encoding="utf-8"))
ps = G2P()(text)
ids = [0, *[vocab[c] for c in ps if c in vocab], 0]
so = ort.SessionOptions(); so.intra_op_num_threads = so.inter_op_num_threads = 1; so.log_severity_level = 3
sess = ort.InferenceSession(os.path.join(ASSETS, "hibari.onnx"), so, providers=["CPUExecutionProvider"])
lh, th, ln, lr, phi, f0 = (o[0] for o in sess.run(None, {"ids": np.asarray([ids], np.int64), "speed": np.asarray([1.0], np.float32)}))
F = lh.shape[1]
i = np.arange(601*2*F, dtype=np.int64)
u1 = (((i*2654435761 + 12345) % 4294967296) + 0.5) / 4294967296
u2 = (((i*40503 + 7) % 65536) + 0.5) / 65536
z = (np.sqrt(-2*np.log(u1))*np.cos(2*np.pi*u2)).astype(np.float32).reshape(601, 2*F)
class Fixed:
    def standard_normal(self, shape, dtype): return z.copy()
y = dsp.synth(lh, th, ln, lr, phi, f0, Fixed())
pcm = (np.clip(y, -1.0, 1.0) * 32767.0).astype("<i2")
print(json.dumps({"text": text, "phonemes": ps, "frames": int(F), "pcm16": __import__("base64").b64encode(pcm.tobytes()).decode()}, ensure_ascii=False))
`;

function runPython(script: string, argv: string[], input?: string): Buffer {
  return execFileSync(python, ["-c", script, ...argv], { input, maxBuffer: 1 << 28 });
}

function g2pFixture(): void {
  // Sentences hibari's own normaliser would still rewrite are kept but marked: there its reading is a bug
  // the product does not copy ("James Carter" → "James the zeroth Carter", "no." → "number").
  const sentences = agentSentences(2050);
  const items = sentences.map((s) => ({ source: s.source, text: s.text, spoken: normalizeForSpeech(s.text) }));
  const answers = runPython(G2P_SCRIPT, [], items.map((i) => JSON.stringify(i)).join("\n") + "\n")
    .toString("utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { phonemes: string; fixedPoint: boolean; raw: string });
  if (answers.length !== items.length) throw new Error(`python answered ${answers.length} of ${items.length} sentences`);
  const lines = items.map((item, i) => JSON.stringify({ ...item, phonemes: answers[i]?.phonemes, fixedPoint: answers[i]?.fixedPoint }));
  writeFileSync(join(out, "g2p-reference.jsonl"), lines.join("\n") + "\n");
  const notFixed = answers.filter((a) => !a.fixedPoint).length;
  const readingDiffers = answers.filter((a) => a.raw !== a.phonemes).length;
  console.log(`g2p-reference.jsonl: ${items.length} sentences`);
  console.log(`  hibari's own normaliser would still change ${notFixed} of the product-normalised sentences`);
  console.log(`  ${readingDiffers} read differently from hibari's reading of the raw text (the product's normaliser's choices)`);
}

function dspFixture(frames: number): void {
  writeFileSync(join(out, "dsp-golden.f32"), runPython(DSP_SCRIPT, [String(frames)]));
  console.log(`dsp-golden.f32: ${frames} frames`);
}

function voiceFixture(text: string): void {
  const ortVersion = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["onnxruntime-node"] ?? "";
  writeFileSync(join(out, "voice-golden.json"), runPython(VOICE_SCRIPT, [text, ortVersion.replace(/^[\^~]/, "")]));
  console.log(`voice-golden.json: "${text}"`);
}

g2pFixture();
dspFixture(48);
voiceFixture("Thanks for calling Harbor Cafe.");
