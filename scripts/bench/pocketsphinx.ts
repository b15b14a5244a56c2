/**
 * Bench only: the product's former offline recogniser, exactly as it was set
 * up (Debian pocketsphinx 5prealpha, en-us model, the business's domain
 * language model interpolated with weight 0.3, audio fed in 20 ms frames), so
 * scripts/bench-stt-wer.ts can put it next to Vosk. The product no longer
 * installs pocketsphinx; this installs the Debian packages on demand.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadBusinessProfile } from "../../server/business-profile";
import { writeDomainLm } from "./domain-lm";
import { pocketsphinx, type DecoderHandle } from "./pocketsphinx-ffi";

const modelDir = "/usr/share/pocketsphinx/model/en-us";
const required = ["/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3", join(modelDir, "en-us", "mdef"), join(modelDir, "en-us.lm.bin")];

export function ensurePocketsphinxInstalled(): void {
  if (required.every((f) => existsSync(f))) return;
  if (process.getuid?.() !== 0) throw new Error("pocketsphinx is missing: sudo apt-get install -y pocketsphinx pocketsphinx-en-us");
  console.log("installing Debian pocketsphinx pocketsphinx-en-us for the comparison (bench only)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update", "-qq"], ["-o", "DPkg::Lock::Timeout=300", "install", "-y", "-qq", "--no-install-recommends", "pocketsphinx", "pocketsphinx-en-us"]]) {
    const result = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (result.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed`);
  }
}

export interface PocketsphinxDecoder {
  /** One utterance, fed in 20 ms frames as the product did; resolves with the hypothesis. */
  decode(samples: Int16Array): Promise<string>;
}

export async function loadPocketsphinx(): Promise<PocketsphinxDecoder> {
  ensurePocketsphinxInstalled();
  const domainLmPath = writeDomainLm(loadBusinessProfile(), {
    knowledgeDir: join(process.cwd(), "knowledge"),
    dictPath: join(modelDir, "cmudict-en-us.dict"),
  });
  const engine = pocketsphinx();
  const decoder: DecoderHandle = await engine.initDecoder({
    hmmDir: join(modelDir, "en-us"),
    lmPath: join(modelDir, "en-us.lm.bin"),
    dictPath: join(modelDir, "cmudict-en-us.dict"),
    domainLmPath,
    domainWeight: 0.3,
  });
  return {
    async decode(samples) {
      engine.startUtterance(decoder);
      for (let at = 0; at < samples.length; at += 320) await engine.processRaw(decoder, samples.subarray(at, at + 320));
      await engine.endUtterance(decoder);
      return engine.hypothesis(decoder);
    },
  };
}
