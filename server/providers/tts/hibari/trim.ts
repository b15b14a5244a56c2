/**
 * hibari pads every model input with ~0.3 s of digital silence before the
 * speech and ~0.5 s after it: dead air a caller hears as latency, and again
 * between sentences. This keeps 40 ms before the first sound and at most
 * 200 ms after the last, judged on 10 ms windows, over a stream of blocks;
 * pauses inside the speech pass untouched (they are only held back until
 * the speech resumes, so no block waits for more than the pause itself).
 */
export interface TrimOptions {
  readonly sampleRate: number;
  /** A window with an RMS at or above this is sound: hibari's padding is exact zeros, and a breathy onset ("h") starts low. */
  readonly thresholdRms?: number;
  readonly leadMs?: number;
  readonly tailMs?: number;
}

export class SilenceTrimmer {
  private readonly window: number;
  private readonly lead: number;
  private readonly tail: number;
  private readonly threshold: number;
  private started = false;
  private held: Int16Array[] = [];
  private heldLength = 0;
  private partial = new Int16Array(0);

  constructor(options: TrimOptions) {
    this.window = Math.max(1, Math.round(options.sampleRate / 100));
    this.lead = Math.round(((options.leadMs ?? 40) * options.sampleRate) / 1000);
    this.tail = Math.round(((options.tailMs ?? 200) * options.sampleRate) / 1000);
    this.threshold = options.thresholdRms ?? 3;
  }

  /** The samples that can go out now. */
  push(samples: Int16Array): Int16Array {
    const all = concat([this.partial, samples]);
    const whole = all.length - (all.length % this.window);
    this.partial = all.slice(whole);
    const out: Int16Array[] = [];
    for (let start = 0; start < whole; start += this.window) {
      const window = all.subarray(start, start + this.window);
      if (this.isSound(window)) {
        if (!this.started) {
          this.started = true;
          out.push(lastSamples(this.held, this.lead));
        } else out.push(...this.held);
        out.push(window);
        this.held = [];
        this.heldLength = 0;
      } else {
        this.held.push(window);
        this.heldLength += window.length;
        // Before the first sound only the lead-in is ever needed.
        if (!this.started && this.heldLength > this.lead + this.window) {
          const kept = lastSamples(this.held, this.lead);
          this.held = [kept];
          this.heldLength = kept.length;
        }
      }
    }
    return concat(out);
  }

  /** The end of the stream: the start of the held silence, up to the tail length; nothing if there never was a sound. */
  end(): Int16Array {
    if (!this.started) return new Int16Array(0);
    const rest = concat([...this.held, this.partial]);
    this.held = [];
    this.heldLength = 0;
    this.partial = new Int16Array(0);
    return rest.slice(0, this.tail);
  }

  private isSound(window: Int16Array): boolean {
    let sum = 0;
    for (let i = 0; i < window.length; i++) sum += (window[i] ?? 0) ** 2;
    return Math.sqrt(sum / window.length) >= this.threshold;
  }
}

function concat(parts: readonly Int16Array[]): Int16Array {
  if (parts.length === 1) return parts[0] as Int16Array;
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function lastSamples(parts: readonly Int16Array[], n: number): Int16Array {
  const all = concat(parts);
  return all.slice(Math.max(0, all.length - n));
}
