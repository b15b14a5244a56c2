import { describe, expect, it } from "vitest";
import { AppError } from "../core/errors";
import { chunkFrames, concatFrames, durationMs, encodeWav, readWav, rms, silence } from "./audio";

function ramp(length: number, sampleRate = 16000) {
  return { samples: Int16Array.from({ length }, (_, i) => (i * 37) % 20000 - 10000), sampleRate };
}

/** A hand-built WAV with arbitrary header fields and extra chunks. */
function wav(options: {
  channels?: number;
  bits?: number;
  format?: number;
  sampleRate?: number;
  data: number[];
  before?: Buffer[];
}): Buffer {
  const { channels = 1, bits = 16, format = 1, sampleRate = 16000, data, before = [] } = options;
  const fmt = Buffer.alloc(24);
  fmt.write("fmt ", 0, "ascii");
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(format, 8);
  fmt.writeUInt16LE(channels, 10);
  fmt.writeUInt32LE(sampleRate, 12);
  fmt.writeUInt32LE(sampleRate * channels * 2, 16);
  fmt.writeUInt16LE(channels * 2, 20);
  fmt.writeUInt16LE(bits, 22);
  const body = Buffer.alloc(8 + data.length * 2);
  body.write("data", 0, "ascii");
  body.writeUInt32LE(data.length * 2, 4);
  data.forEach((sample, i) => body.writeInt16LE(sample, 8 + 2 * i));
  const chunks = Buffer.concat([fmt, ...before, body]);
  const header = Buffer.alloc(12);
  header.write("RIFF", 0, "ascii");
  header.writeUInt32LE(4 + chunks.length, 4);
  header.write("WAVE", 8, "ascii");
  return Buffer.concat([header, chunks]);
}

describe("readWav / encodeWav", () => {
  it("round-trips mono 16-bit PCM", () => {
    const frame = ramp(1234, 22050);
    const back = readWav(encodeWav(frame));
    expect(back.sampleRate).toBe(22050);
    expect(Array.from(back.samples)).toEqual(Array.from(frame.samples));
  });

  it("averages stereo down to mono", () => {
    const back = readWav(wav({ channels: 2, data: [100, 300, -1000, 1000, 7, 8] }));
    expect(Array.from(back.samples)).toEqual([200, 0, 8]);
  });

  it("skips unknown chunks, including odd-sized ones with a pad byte", () => {
    const list = Buffer.from([...Buffer.from("LIST"), 3, 0, 0, 0, 1, 2, 3, 0]);
    const back = readWav(wav({ data: [1, -2, 3], before: [list] }));
    expect(Array.from(back.samples)).toEqual([1, -2, 3]);
  });

  it("rejects garbage and unsupported formats with a clear AppError", () => {
    const cases: [Uint8Array, RegExp][] = [
      [Buffer.from("definitely not audio"), /RIFF\/WAVE/],
      [new Uint8Array(0), /RIFF\/WAVE/],
      [wav({ bits: 8, data: [1] }), /8-bit/],
      [wav({ format: 3, data: [1] }), /not PCM/],
      [encodeWav(ramp(10)).subarray(0, 36), /no data chunk/],
    ];
    for (const [input, message] of cases) {
      const error = (() => {
        try {
          readWav(input);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("BAD_REQUEST");
      expect((error as AppError).message).toMatch(message);
    }
  });
});

describe("frame helpers", () => {
  it("chunks into frames of at most 20 ms without losing samples", () => {
    const frame = ramp(16000 + 123);
    const frames = chunkFrames(frame);
    expect(frames.every((f) => f.samples.length <= 320 && f.sampleRate === 16000)).toBe(true);
    expect(frames).toHaveLength(Math.ceil(frame.samples.length / 320));
    expect(Array.from(concatFrames(frames).samples)).toEqual(Array.from(frame.samples));
  });

  it("measures rms in sample units", () => {
    expect(rms(new Int16Array(0))).toBe(0);
    expect(rms(Int16Array.from([3, -3, 3, -3]))).toBe(3);
    expect(rms(silence(20, 16000).samples)).toBe(0);
  });

  it("refuses to concatenate different sample rates", () => {
    expect(() => concatFrames([silence(10, 16000), silence(10, 8000)])).toThrow(/8000 Hz/);
    expect(() => concatFrames([])).toThrow(AppError);
    expect(durationMs(concatFrames([silence(250, 16000), silence(750, 16000)]))).toBe(1000);
  });
});
