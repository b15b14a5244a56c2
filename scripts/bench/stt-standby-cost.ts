/**
 * What the STT hot standby costs (STT_STANDBY=hot): the local recogniser, built as the worker
 * builds it (Vosk with the business's domain model and phonetic repair), decodes every utterance
 * a cloud STT hears. Transcribes a flite question `--runs` times, fed in 20 ms frames as fast as
 * the decoder takes them, and prints the process CPU time (all threads: koffi decodes on worker
 * threads) per second of audio: the share of one core a caller costs while they talk.
 *
 *   npx tsx scripts/bench/stt-standby-cost.ts [--runs 20]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadBusinessProfile } from "../../server/business-profile";
import type { PcmFrame } from "../../server/core/ports";
import { env as loadEnv } from "../../server/env";
import { createStt, preloadStt } from "../../server/providers/stt";
import { loadDomainPhrases } from "../../server/providers/stt/domain-phrases";
import { readWav } from "../../server/voice/audio";

const { values } = parseArgs({ options: { runs: { type: "string", default: "20" } } });
const runs = Number(values.runs);
const env = { ...loadEnv(), STT_PROVIDER: "local" as const };
const stt = createStt(env, { domainPhrases: loadDomainPhrases(loadBusinessProfile(), join(process.cwd(), "knowledge")), lexiconDir: env.HIBARI_ASSETS_DIR });
await preloadStt(env);

const dir = mkdtempSync(join(tmpdir(), "stt-cost-"));
spawnSync("flite", ["-voice", "awb", "-t", "Can you tell me a short story about a boat? I would like to book a table for four tomorrow at seven.", "-o", join(dir, "raw.wav")]);
spawnSync("sox", [join(dir, "raw.wav"), "-r", "16000", "-c", "1", "-b", "16", join(dir, "q.wav")]);
const question = readWav(readFileSync(join(dir, "q.wav")));
rmSync(dir, { recursive: true, force: true });
const audioSeconds = question.samples.length / 16000;

async function* frames(): AsyncIterable<PcmFrame> {
  for (let i = 0; i < question.samples.length; i += 320) yield { samples: question.samples.slice(i, i + 320), sampleRate: 16000 };
}
const once = async () => {
  let text = "";
  for await (const event of stt.transcribe(frames())) if (event.type === "final") text = event.text;
  return text;
};

console.log(`warm-up: "${await once()}"`);
const cpu = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < runs; i++) await once();
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const wallMs = performance.now() - started;
console.log(
  `${runs} utterances of ${audioSeconds.toFixed(2)} s: CPU ${(cpuMs / (runs * audioSeconds) / 10).toFixed(1)} % of a core per second of speech ` +
    `(${Math.round(cpuMs / runs)} ms CPU per utterance; wall ${Math.round(wallMs / runs)} ms, real-time factor ${(wallMs / runs / 1000 / audioSeconds).toFixed(2)})`,
);
process.exit(0);
