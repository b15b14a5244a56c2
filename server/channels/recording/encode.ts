import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { setPriority } from "node:os";
import { pipeline } from "node:stream/promises";

/**
 * Raw 16-bit mono PCM → Ogg/Opus with Debian's `opusenc` (opus-tools), in a
 * child process at lower priority so a call's job process never waits on it.
 * No Opus encoder installs offline from npm as a working library (opusscript,
 * @evan/opus and @discordjs/opus encode packets only and need an Ogg muxer;
 * rtc-node has no encoder API), and LiveKit's egress cannot run here (no
 * egress binary, no Chrome in Docker), so the worker records and encodes
 * itself. Without opusenc the recording is kept as WAV instead of lost.
 */
export type RecordingFormat = { readonly extension: ".ogg"; readonly mimeType: "audio/ogg" } | { readonly extension: ".wav"; readonly mimeType: "audio/wav" };

let opusenc: Promise<boolean> | undefined;

/** Ogg/Opus when opusenc is installed (checked once per process), else WAV. */
export async function recordingFormat(): Promise<RecordingFormat> {
  opusenc ??= new Promise((resolve) => {
    const probe = spawn("opusenc", ["--version"], { stdio: "ignore" });
    probe.once("error", () => resolve(false));
    probe.once("exit", (code) => resolve(code === 0));
  });
  return (await opusenc) ? { extension: ".ogg", mimeType: "audio/ogg" } : { extension: ".wav", mimeType: "audio/wav" };
}

/**
 * Encodes `rawPath` into `outPath` and deletes the raw file. The Ogg encoder
 * runs detached, writing a `.part` file renamed when complete: LiveKit may end
 * the job process as soon as the room is gone, and the recording (whose row is
 * already stored) must still be finished and never be served half-written.
 */
export async function encodeRecording(rawPath: string, outPath: string, sampleRate: number, format: RecordingFormat): Promise<void> {
  if (format.extension === ".wav") {
    await writeWav(rawPath, outPath, sampleRate);
    await rm(rawPath, { force: true });
    return;
  }
  // Speech at 16 kHz: 24 kbit/s is clear enough for review and ~180 kB a minute.
  const script = `opusenc --quiet --raw --raw-rate ${sampleRate} --raw-chan 1 --raw-bits 16 --raw-endianness 0 --bitrate 24 --speech "$1" "$2.part" && mv "$2.part" "$2" && rm -f "$1"`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn("sh", ["-c", script, "encode-recording", rawPath, outPath], { stdio: ["ignore", "ignore", "pipe"], detached: true });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once("spawn", () => {
      try {
        if (child.pid) setPriority(child.pid, 5);
      } catch {
        // Not allowed to lower it: it still runs, just at normal priority.
      }
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`opusenc exited ${code ?? signal}: ${stderr.trim()}`))));
  });
}

/** A 16-bit mono WAV around the raw samples, streamed (never the whole call in memory). */
async function writeWav(rawPath: string, wavPath: string, sampleRate: number): Promise<void> {
  const dataBytes = (await stat(rawPath)).size;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36);
  header.writeUInt32LE(dataBytes, 40);
  const out = createWriteStream(wavPath);
  out.write(header);
  await pipeline(createReadStream(rawPath), out);
}
