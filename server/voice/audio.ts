import { AppError } from "../core/errors";
import type { PcmFrame } from "../core/ports";

/**
 * Small pure helpers over 16-bit PCM. No resampling here: the pipeline uses
 * LiveKit's AudioResampler, which is faster and better than anything we would
 * write in a few lines.
 */

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

function badWav(reason: string): AppError {
  return new AppError("BAD_REQUEST", `not a 16-bit PCM WAV file: ${reason}`);
}

/** Parses a RIFF/WAVE buffer of 16-bit PCM; stereo (or more) is averaged down to mono. */
export function readWav(buffer: Uint8Array): PcmFrame {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const tag = (offset: number) =>
    String.fromCharCode(...buffer.subarray(offset, offset + 4));
  if (buffer.byteLength < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") {
    throw badWav("missing RIFF/WAVE header");
  }

  let format: { channels: number; sampleRate: number } | undefined;
  let offset = 12;
  while (offset + 8 <= buffer.byteLength) {
    const id = tag(offset);
    const declared = view.getUint32(offset + 4, true);
    const body = offset + 8;
    // Streaming writers leave the size at 0 or 0xFFFFFFFF; trust the file length instead.
    const size = Math.min(declared, buffer.byteLength - body);

    if (id === "fmt ") {
      if (size < 16) throw badWav("fmt chunk too short");
      const audioFormat = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRate = view.getUint32(body + 4, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      // WAVE_FORMAT_EXTENSIBLE carries the real format in the first two bytes of its GUID.
      const subFormat = audioFormat === WAVE_FORMAT_EXTENSIBLE && size >= 26
        ? view.getUint16(body + 24, true)
        : audioFormat;
      if (subFormat !== WAVE_FORMAT_PCM) throw badWav(`format tag ${audioFormat} is not PCM`);
      if (bitsPerSample !== 16) throw badWav(`${bitsPerSample}-bit samples`);
      if (channels < 1 || sampleRate < 1) throw badWav("zero channels or sample rate");
      format = { channels, sampleRate };
    } else if (id === "data") {
      if (!format) throw badWav("data chunk before fmt chunk");
      return { samples: downmix(view, body, size, format.channels), sampleRate: format.sampleRate };
    }
    // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte.
    offset = body + declared + (declared % 2);
  }
  throw badWav(format ? "no data chunk" : "no fmt chunk");
}

function downmix(view: DataView, start: number, byteLength: number, channels: number): Int16Array {
  const frameCount = Math.floor(byteLength / (2 * channels));
  const samples = new Int16Array(frameCount);
  for (let i = 0; i < frameCount; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      sum += view.getInt16(start + 2 * (i * channels + c), true);
    }
    samples[i] = Math.round(sum / channels);
  }
  return samples;
}

/** A canonical 44-byte-header mono 16-bit PCM WAV. */
export function encodeWav(frame: PcmFrame): Buffer {
  const dataBytes = frame.samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write("RIFF", 0, "ascii");
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write("WAVE", 8, "ascii");
  out.write("fmt ", 12, "ascii");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(frame.sampleRate, 24);
  out.writeUInt32LE(frame.sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36, "ascii");
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frame.samples.length; i++) {
    out.writeInt16LE(frame.samples[i] ?? 0, 44 + 2 * i);
  }
  return out;
}

/**
 * Splits audio into frames of at most `frameMs` (the last may be shorter).
 * Each frame owns a copy of its samples, so a consumer that keeps or
 * transfers a frame's buffer cannot corrupt its neighbours.
 */
export function chunkFrames(frame: PcmFrame, frameMs = 20): PcmFrame[] {
  const size = Math.max(1, Math.floor((frame.sampleRate * frameMs) / 1000));
  const frames: PcmFrame[] = [];
  for (let start = 0; start < frame.samples.length; start += size) {
    frames.push({ samples: frame.samples.slice(start, start + size), sampleRate: frame.sampleRate });
  }
  return frames;
}

/** Root mean square in sample units (0 … 32768); 0 for no samples. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sumOfSquares = 0;
  for (const sample of samples) sumOfSquares += sample * sample;
  return Math.sqrt(sumOfSquares / samples.length);
}

/** Joins frames of one sample rate into one frame. */
export function concatFrames(frames: readonly PcmFrame[]): PcmFrame {
  const first = frames[0];
  if (!first) throw new AppError("BAD_REQUEST", "concatFrames needs at least one frame");
  let length = 0;
  for (const frame of frames) {
    if (frame.sampleRate !== first.sampleRate) {
      throw new AppError(
        "BAD_REQUEST",
        `cannot concatenate ${frame.sampleRate} Hz audio onto ${first.sampleRate} Hz audio`,
      );
    }
    length += frame.samples.length;
  }
  const samples = new Int16Array(length);
  let offset = 0;
  for (const frame of frames) {
    samples.set(frame.samples, offset);
    offset += frame.samples.length;
  }
  return { samples, sampleRate: first.sampleRate };
}

/** `durationMs` of digital silence. */
export function silence(durationMs: number, sampleRate: number): PcmFrame {
  return { samples: new Int16Array(Math.round((durationMs * sampleRate) / 1000)), sampleRate };
}

export function durationMs(frame: PcmFrame): number {
  return (frame.samples.length * 1000) / frame.sampleRate;
}
