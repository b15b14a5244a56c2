import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { readFile, rm, stat } from "node:fs/promises";
import { pipeline } from "node:stream/promises";

/**
 * Raw 16-bit mono PCM → Ogg/Opus with Debian's `opusenc` (opus-tools), in a
 * child process at lower priority so a call never waits on it.
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
  await (launcher ??= new EncoderLauncher()).encode(rawPath, outPath, sampleRate);
}

/**
 * Each line in: `id<TAB>rate<TAB>raw<TAB>out`; each line out: `id status` once
 * that encoder is done. Speech at 16 kHz: 24 kbit/s is clear enough for review
 * and ~180 kB a minute; `nice` keeps it behind the calls.
 */
const LAUNCHER_SCRIPT = `tab="$(printf '\t')"
while IFS="$tab" read -r id rate raw out; do
  ( nice -n 5 opusenc --quiet --raw --raw-rate "$rate" --raw-chan 1 --raw-bits 16 --raw-endianness 0 --bitrate 24 --speech "$raw" "$out.part" 2>"$out.err" && mv "$out.part" "$out" && rm -f "$raw" "$out.err"; echo "$id $?" ) &
done
wait`;

/**
 * One small shell, started once, forks every encoder. Spawning from the worker
 * itself (hundreds of MB, every call of the machine in it) stalls its event
 * loop, and so every live call's audio, for tens of ms per spawn: a profile at
 * 15 calls found 4 % of the worker's time in spawns at call ends. The shell runs
 * in its own process group, so encoders in flight outlive a worker that is
 * killed; it ends when the worker's end of its input closes.
 */
export class EncoderLauncher {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending = new Map<number, { child: ChildProcessWithoutNullStreams; outPath: string; resolve: () => void; reject: (error: Error) => void }>();
  private nextId = 1;

  encode(rawPath: string, outPath: string, sampleRate: number): Promise<void> {
    if (/[\t\n]/.test(rawPath + outPath)) return Promise.reject(new Error(`recording paths must not hold tabs or newlines: ${JSON.stringify(outPath)}`));
    const child = this.running();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { child, outPath, resolve, reject });
      handle(child.stdout).ref?.();
      child.stdin.write(`${id}\t${sampleRate}\t${rawPath}\t${outPath}\n`);
    });
  }

  /** Ends the launcher once the encoders in flight are done (they finish either way). */
  close(): void {
    this.child?.stdin.end();
  }

  private running(): ChildProcessWithoutNullStreams {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) return this.child;
    const child = spawn("sh", ["-c", LAUNCHER_SCRIPT, "recording-encoder"], { stdio: ["pipe", "pipe", "pipe"], detached: true });
    this.child = child;
    child.stdin.on("error", () => undefined);
    child.stderr.resume();
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) void this.settle(line);
    });
    const lost = (reason: string) => {
      if (this.child === child) this.child = undefined;
      for (const [id, job] of this.pending) {
        if (job.child !== child) continue;
        this.pending.delete(id);
        job.reject(new Error(`the recording encoder launcher ${reason}`));
      }
    };
    child.once("error", (error) => lost(`failed: ${error.message}`));
    // "close", not "exit": the last encoders' lines may still be in the pipe when the shell exits.
    child.once("close", (code, signal) => lost(`exited (${code ?? signal})`));
    // Never what keeps the worker alive on its own: only while an encoder is awaited.
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) handle(stream).unref?.();
    return child;
  }

  private async settle(line: string): Promise<void> {
    const [id, status] = line.trim().split(" ").map(Number);
    const job = id === undefined ? undefined : this.pending.get(id);
    if (!job) return;
    this.pending.delete(id!);
    if (this.pending.size === 0 && this.child) handle(this.child.stdout).unref?.();
    if (status === 0) return job.resolve();
    const stderr = await readFile(`${job.outPath}.err`, "utf8").catch(() => "");
    await rm(`${job.outPath}.err`, { force: true });
    job.reject(new Error(`opusenc exited ${status}: ${stderr.trim().slice(-2000)}`));
  }
}

let launcher: EncoderLauncher | undefined;

/** A child's pipes are sockets on Unix: they can stop holding the event loop open. */
function handle(stream: NodeJS.ReadableStream | NodeJS.WritableStream): { ref?: () => void; unref?: () => void } {
  return stream as unknown as { ref?: () => void; unref?: () => void };
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
