/**
 * Writes the speech fixtures the tests and the fake microphone use, with the
 * same flite provider the agent speaks with: `npx tsx scripts/make-fixtures.ts`.
 * Flite is deterministic, so re-running reproduces the committed files.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PcmFrame } from "../server/core/ports";
import { createFliteTts } from "../server/providers/tts/local";
import { concatFrames, durationMs, encodeWav, silence } from "../server/voice/audio";

const RATE = 16000;
const outDir = fileURLToPath(new URL("../e2e/fixtures/", import.meta.url));

async function speak(text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice: "slt" }).synthesize(text)) frames.push(frame);
  return concatFrames(frames);
}

const fixtures: Record<string, () => Promise<PcmFrame>> = {
  // Leading silence lets the page connect and the VAD settle before speech;
  // trailing silence lets endpointing close the turn.
  "opening-hours.wav": async () =>
    concatFrames([silence(4000, RATE), await speak("what are your opening hours"), silence(8000, RATE)]),
  // For the browser: the mic starts before the agent joins, and speech over the greeting is a
  // barge-in, so the question comes after the greeting has been heard out.
  "opening-hours-after-greeting.wav": async () =>
    concatFrames([silence(9000, RATE), await speak("what are your opening hours"), silence(6000, RATE)]),
  "silence.wav": async () => silence(12000, RATE),
  "hello.wav": async () => concatFrames([await speak("hello there"), silence(1000, RATE)]),
};

await mkdir(outDir, { recursive: true });
for (const [name, make] of Object.entries(fixtures)) {
  const audio = await make();
  if (audio.sampleRate !== RATE) throw new Error(`${name}: expected ${RATE} Hz, got ${audio.sampleRate} Hz`);
  await writeFile(join(outDir, name), encodeWav(audio));
  console.log(`${name}: ${(durationMs(audio) / 1000).toFixed(2)} s`);
}
