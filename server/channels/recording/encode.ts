import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { setPriority } from "node:os";
import { pipeline } from "node:stream/promises";

export interface EncodedFile {
  readonly path: string;
  readonly mimeType: string;
}

/**
 * Raw 16-bit mono PCM → Ogg/Opus with Debian's `opusenc` (opus-tools), in a
 * child process at low priority so a call's job process never waits on it.
 * No Opus encoder installs offline from npm as a working library (opusscript,
 * @evan/opus and @discordjs/opus encode packets only and need an Ogg muxer;
 * rtc-node has no encoder API), and LiveKit's egress cannot run here (no
 * egress binary, no Chrome in Docker), so the worker records and encodes
 * itself. Without opusenc the recording is kept as WAV instead of lost.
 */
export async function encodeRecording(rawPath: string, basePath: string, sampleRate: number): Promise<EncodedFile> {
  const ogg = `${basePath}.ogg`;
  try {
    await run("opusenc", [
      "--quiet",
      "--raw",
      "--raw-rate", String(sampleRate),
      "--raw-chan", "1",
      "--raw-bits", "16",
      "--raw-endianness", "0",
      // Speech at 16 kHz: 24 kbit/s is transparent enough for review and ~180 kB a minute.
      "--bitrate", "24",
      "--speech",
      rawPath,
      ogg,
    ]);
    return { path: ogg, mimeType: "audio/ogg" };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const wav = `${basePath}.wav`;
    await writeWav(rawPath, wav, sampleRate);
    return { path: wav, mimeType: "audio/wav" };
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
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
    child.once("exit", (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code ?? signal}: ${stderr.trim()}`))));
  });
}

/** A 16-bit mono WAV around the raw samples, streamed (never the whole call in memory). */
async function writeWav(rawPath: string, wavPath: string, sampleRate: number): Promise<void> {
  const { stat } = await import("node:fs/promises");
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
