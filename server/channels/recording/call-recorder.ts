import { randomUUID } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "../../core/log";
import { encodeRecording, recordingFormat } from "./encode";
import { PeakMeter, RecordingTimeline, type SettledAudio } from "./timeline";

/** Where a channel's audio is tapped: frames in from the caller, frames out to the audio source, queue clears. */
export interface CallAudioTap {
  heard(samples: Int16Array, atMs: number): void;
  played(samples: Int16Array, atMs: number): void;
  cut(atMs: number): void;
}

export interface RecordingFile {
  readonly conversationId: string;
  /** Relative to the recordings directory. */
  readonly path: string;
  readonly mimeType: string;
  readonly callerPath?: string;
  readonly agentPath?: string;
  readonly durationMs: number;
  readonly startedAt: Date;
  readonly peaks: number[];
}

export interface CallRecorderOptions {
  readonly dir: string;
  readonly sampleRate: number;
  /** Also keep each side alone (caller, agent) next to the mix. */
  readonly separateTracks: boolean;
  readonly log: Logger;
  readonly save: (file: RecordingFile) => Promise<void>;
}

export interface CallRecorder extends CallAudioTap {
  /** The recording's time zero (the conversation's start); frames before it are not kept. */
  start(atMs: number): void;
  /**
   * The conversation's stored start, once known: audio before it is dropped and the recording starts
   * there, so its length and turn offsets match the conversation's own times (the row is written a
   * moment after the recorder starts; under load, most of a second). Nothing is written to disk before this.
   */
  alignStart(atMs: number | undefined): void;
  /** While on, the caller's audio is kept as silence (a sensitive keypad or spoken entry). */
  setSensitive(on: boolean): void;
  /** Ends the timeline, encodes and stores it; never throws (a failed recording must not fail the call). */
  finish(input: { conversationId: string; endMs: number }): Promise<RecordingFile | undefined>;
}

/** Audio older than this is settled and written out; later frames and cuts only touch the tail. */
const SETTLE_MARGIN_MS = 2000;
const WAVEFORM_BUCKETS = 1200;
const PEAK_BLOCK_MS = 20;
/** Longest wait for alignStart before audio is written from the recorder's own start. */
const ALIGN_WAIT_MS = 30_000;

const SIDES = ["mixed", "caller", "agent"] as const;
type Side = (typeof SIDES)[number];

/**
 * Records one voice conversation: both sides mixed on a wall-clock timeline
 * (see timeline.ts), written to raw files as it settles, then encoded off the
 * event loop (a child process) when the call ends. Any error switches the
 * recorder off and is logged; the call goes on.
 */
export async function createCallRecorder(options: CallRecorderOptions): Promise<CallRecorder> {
  const { log, sampleRate } = options;
  const partialDir = join(options.dir, ".partial");
  const id = randomUUID();
  const sides: readonly Side[] = options.separateTracks ? SIDES : ["mixed"];
  const raw = Object.fromEntries(sides.map((side) => [side, join(partialDir, `${id}-${side}.raw`)])) as Partial<Record<Side, string>>;
  const meter = new PeakMeter((sampleRate * PEAK_BLOCK_MS) / 1000);
  let streams: Partial<Record<Side, WriteStream>> = {};
  let timeline: RecordingTimeline | undefined;
  let startMs = 0;
  let trimSamples = 0;
  let aligned = false;
  let sensitive = false;
  let broken = false;
  let ticker: ReturnType<typeof setInterval> | undefined;
  await mkdir(partialDir, { recursive: true });

  function fail(message: string, error: unknown): void {
    if (broken) return;
    broken = true;
    clearInterval(ticker);
    log.error(`recording off: ${message}`, { error });
  }

  function guarded(step: () => void): void {
    if (broken || !timeline) return;
    try {
      step();
    } catch (error) {
      fail("tap failed", error);
    }
  }

  function write(audio: SettledAudio): void {
    const skip = Math.max(0, trimSamples - audio.startSample);
    if (skip >= audio.mixed.length) return;
    meter.add(audio.mixed.subarray(skip));
    for (const side of sides) {
      const samples = audio[side].subarray(skip);
      streams[side]?.write(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    }
  }

  async function closeStreams(): Promise<void> {
    const open = Object.values(streams);
    streams = {};
    await Promise.all(open.map((s) => new Promise<void>((resolve, reject) => s.end((error?: Error | null) => (error ? reject(error) : resolve())))));
  }

  async function removeRaw(): Promise<void> {
    await Promise.all(Object.values(raw).map((path) => rm(path, { force: true }).catch(() => undefined)));
  }

  return {
    start(atMs) {
      if (timeline || broken) return;
      startMs = atMs;
      for (const side of sides) {
        const stream = createWriteStream(raw[side]!);
        stream.on("error", (error) => fail("could not write audio", error));
        streams[side] = stream;
      }
      timeline = new RecordingTimeline({ sampleRate, startMs: atMs, onSettled: write });
      ticker = setInterval(() => {
        if (!aligned && Date.now() - startMs < ALIGN_WAIT_MS) return;
        aligned = true;
        guarded(() => timeline!.settle(Date.now() - SETTLE_MARGIN_MS));
      }, 1000);
      ticker.unref?.();
    },
    alignStart(atMs) {
      if (aligned || !timeline) return;
      aligned = true;
      // A continued conversation started long before this room: its recording starts here.
      if (atMs === undefined || atMs <= startMs) return;
      trimSamples = Math.round(((atMs - startMs) * sampleRate) / 1000);
      startMs = atMs;
    },
    setSensitive(on) {
      sensitive = on;
    },
    heard: (samples, atMs) => guarded(() => timeline!.heard(samples, atMs, sensitive)),
    played: (samples, atMs) => guarded(() => timeline!.played(samples, atMs)),
    cut: (atMs) => guarded(() => timeline!.cut(atMs)),

    async finish({ conversationId, endMs }) {
      clearInterval(ticker);
      if (!timeline || broken) {
        await closeStreams().catch(() => undefined);
        await removeRaw();
        return undefined;
      }
      let stored = false;
      try {
        const samples = timeline.end(endMs);
        timeline = undefined;
        await closeStreams();
        const format = await recordingFormat();
        const name = (suffix: string) => `${conversationId}-${startMs}${suffix}${format.extension}`;
        const names: Partial<Record<Side, string>> = { mixed: name(""), ...(options.separateTracks ? { caller: name("-caller"), agent: name("-agent") } : {}) };
        const file: RecordingFile = {
          conversationId,
          path: names.mixed!,
          mimeType: format.mimeType,
          callerPath: names.caller,
          agentPath: names.agent,
          durationMs: Math.round((Math.max(0, samples - trimSamples) / sampleRate) * 1000),
          startedAt: new Date(startMs),
          peaks: meter.peaks(WAVEFORM_BUCKETS),
        };
        // Stored first: the encoder outlives this process if LiveKit ends the job meanwhile (see encode.ts).
        await options.save(file);
        stored = true;
        const started = Date.now();
        for (const side of sides) await encodeRecording(raw[side]!, join(options.dir, names[side]!), sampleRate, format);
        log.info("recording stored", { conversationId, durationMs: file.durationMs, mimeType: file.mimeType, encodeMs: Date.now() - started });
        return file;
      } catch (error) {
        fail(stored ? "could not encode the recording" : "could not store the recording", error);
        await closeStreams().catch(() => undefined);
        return undefined;
      } finally {
        await removeRaw();
      }
    },
  };
}
