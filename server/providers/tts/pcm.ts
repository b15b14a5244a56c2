import type { PcmFrame } from "../../core/ports";

/**
 * Byte-stream helpers for cloud TTS engines that answer with raw 16-bit
 * little-endian PCM (Deepgram `container=none`, OpenAI `response_format=pcm`).
 * Network chunks have arbitrary sizes, so a sample may be split across two
 * chunks and audio arrives in pieces that are not whole frames.
 */

/** Turns byte chunks into samples; an odd trailing byte waits for its partner in the next chunk. */
export class Pcm16Decoder {
  private carry: number | undefined;

  decode(bytes: Uint8Array): Int16Array {
    const available = bytes.length + (this.carry === undefined ? 0 : 1);
    const samples = new Int16Array(available >> 1);
    let count = 0;
    let offset = 0;
    if (this.carry !== undefined && bytes.length > 0) {
      samples[count++] = toInt16(this.carry | (bytes[0]! << 8));
      this.carry = undefined;
      offset = 1;
    }
    for (; offset + 1 < bytes.length; offset += 2) {
      samples[count++] = toInt16(bytes[offset]! | (bytes[offset + 1]! << 8));
    }
    if (offset < bytes.length) this.carry = bytes[offset];
    return samples;
  }

  /** True when a half sample is still waiting (a body that ends here was cut mid-sample). */
  get hasPartialSample(): boolean {
    return this.carry !== undefined;
  }
}

function toInt16(unsigned: number): number {
  return (unsigned << 16) >> 16;
}

/**
 * Regroups samples into frames of exactly `frameMs` (the pipeline's 20 ms);
 * `flush` emits the short remainder at the end of the stream. Frames own
 * their samples, so callers may keep or transfer them.
 */
export class FrameChunker {
  private readonly frameSamples: number;
  private pending = new Int16Array(0);

  constructor(
    readonly sampleRate: number,
    frameMs = 20,
  ) {
    this.frameSamples = Math.max(1, Math.floor((sampleRate * frameMs) / 1000));
  }

  push(samples: Int16Array): PcmFrame[] {
    if (samples.length === 0) return [];
    const joined = new Int16Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    const frames: PcmFrame[] = [];
    let start = 0;
    for (; start + this.frameSamples <= joined.length; start += this.frameSamples) {
      frames.push({ samples: joined.slice(start, start + this.frameSamples), sampleRate: this.sampleRate });
    }
    this.pending = joined.slice(start);
    return frames;
  }

  flush(): PcmFrame[] {
    if (this.pending.length === 0) return [];
    const last = { samples: this.pending, sampleRate: this.sampleRate };
    this.pending = new Int16Array(0);
    return [last];
  }
}

/** Whether flite or a cloud engine would say anything at all (letters or digits). */
export function isSpeakable(text: string): boolean {
  return /[\p{L}\p{N}]/u.test(text);
}
