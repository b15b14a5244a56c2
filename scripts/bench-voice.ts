// Voice pipeline benchmark: `npx tsx scripts/bench-voice.ts [turns]`.
// 1. Offline stack (Silero VAD, Vosk, flite, local dialogue) on the in-memory channel with
//    caller audio paced in real time: voice-to-voice = first agent audio frame − end of user speech.
// 2. Pipeline overhead with zero-latency scripted providers: first agent frame − end-of-turn decision.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadBusinessProfile } from "../server/business-profile";
import { createDialogue } from "../server/core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../server/core/dialogue/testing/memory-ports";
import { createLogger } from "../server/core/log";
import type { PcmFrame, SpeechToText } from "../server/core/ports";
import { createStt, preloadStt } from "../server/providers/stt";
import { loadDomainPhrases } from "../server/providers/stt/domain-phrases";
import { createToneTts } from "../server/providers/tts/fake";
import { createFliteTts } from "../server/providers/tts/local";
import { loadSileroVad } from "../server/providers/vad/silero";
import { chunkFrames, readWav } from "../server/voice/audio";
import { startVoiceSession } from "../server/voice/pipeline";
import { InMemoryChannel } from "../server/voice/testing/in-memory-channel";
import { MemoryStore } from "../server/voice/testing/memory-store";
import { createScriptedVad } from "../server/providers/vad/fake";

const turns = Number(process.argv[2] ?? 20);
const log = createLogger({}, "error");
const profile = loadBusinessProfile();

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
function line(label: string, values: number[]): string {
  return `${label.padEnd(26)} n=${String(values.length).padStart(3)}  p50 ${pct(values, 50).toFixed(1).padStart(7)} ms  p95 ${pct(values, 95).toFixed(1).padStart(7)} ms  max ${Math.max(...values).toFixed(1).padStart(7)} ms`;
}

function paced(frames: PcmFrame[]): () => AsyncIterable<PcmFrame> {
  return async function* () {
    const start = Date.now();
    for (const [i, frame] of frames.entries()) {
      const due = start + i * 20 - Date.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      yield frame;
    }
  };
}

async function offline(): Promise<void> {
  const question = chunkFrames(readWav(readFileSync("e2e/fixtures/opening-hours.wav")), 20).slice(3600 / 20, 7000 / 20);
  const gap = Array.from({ length: 60 }, () => ({ samples: new Int16Array(320), sampleRate: 16000 }));
  const audio = [...gap, ...gap, ...gap, ...Array.from({ length: turns }, () => [...question, ...gap]).flat(), ...gap];
  const sttEnv = { STT_PROVIDER: "local", VOSK_MODEL_DIR: ".cache/vosk/model-en-us", VOSK_LIBRARY: ".cache/vosk/libvosk.so" } as const;
  await preloadStt(sttEnv);
  const ports = new MemoryDialoguePorts();
  const store = new MemoryStore();
  const tts = createFliteTts({ voice: "kal16" });
  for await (const _ of tts.synthesize("Warm up.")) void _;
  const session = await startVoiceSession(new InMemoryChannel(paced(audio)), {
    vad: await loadSileroVad({ minSilenceMs: 250 }),
    stt: createStt(sttEnv, { domainPhrases: loadDomainPhrases(profile, join(process.cwd(), "knowledge")) }),
    tts,
    store,
    dialogue: createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, log }),
    states: ports,
    log,
    turnTaking: { silenceRepromptMs: 120_000 },
  });
  await session.done;
  const answers = store.turns.filter((t) => t.role === "agent" && t.latency?.voiceToVoiceMs !== undefined);
  const l = answers.map((t) => t.latency!);
  const recognised = store.turns.filter((t) => t.role === "user" && t.text.includes("opening hours")).length;
  console.log(`\noffline stack, ${answers.length} turns (${recognised}/${turns} recognised exactly), in-memory channel:`);
  console.log(line("end of turn decision", l.map((x) => x.endOfTurnMs ?? NaN)));
  console.log(line("STT final after decision", l.map((x) => x.sttMs ?? NaN)));
  console.log(line("dialogue first token", l.map((x) => x.llmFirstTokenMs ?? NaN)));
  console.log(line("TTS first frame", l.map((x) => x.ttsFirstByteMs ?? NaN)));
  console.log(line("voice-to-voice", l.map((x) => x.voiceToVoiceMs ?? NaN)));
}

async function overhead(): Promise<void> {
  const n = Math.max(turns, 20);
  const speech = Array.from({ length: n }, (_, i) => ({ startMs: 300 + i * 400, durationMs: 100 }));
  const stt: SpeechToText = {
    name: "instant",
    sampleRate: 16000,
    async *transcribe(frames) {
      for await (const _ of frames) void _;
      yield { type: "final", text: "what are your opening hours" };
    },
  };
  const ports = new MemoryDialoguePorts();
  const store = new MemoryStore();
  const silence = Array.from({ length: (300 + n * 400 + 1000) / 20 }, () => ({ samples: new Int16Array(320), sampleRate: 16000 }));
  const session = await startVoiceSession(new InMemoryChannel(paced(silence)), {
    vad: createScriptedVad(speech, 0),
    stt,
    tts: createToneTts(),
    store,
    dialogue: createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, log }),
    states: ports,
    log,
    turnTaking: { endpointing: { minDelayMs: 0, maxDelayMs: 0 }, silenceRepromptMs: 120_000 },
  });
  await session.done;
  const l = store.turns.filter((t) => t.role === "agent" && t.latency?.voiceToVoiceMs !== undefined).map((t) => t.latency!);
  // With zero-latency providers and zero endpointing delay, voice-to-voice minus the decision delay is pure pipeline work.
  const work = l.map((x) => (x.voiceToVoiceMs ?? NaN) - (x.endOfTurnMs ?? 0));
  console.log(`\npipeline overhead, zero-latency scripted providers, ${l.length} turns:`);
  console.log(line("overhead (decision→frame)", work));
}

await offline();
await overhead();
process.exit(0);
