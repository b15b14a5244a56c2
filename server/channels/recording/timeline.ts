/**
 * Both sides of a call on one wall-clock timeline, mixed as it goes.
 *
 * The caller's frames are placed back to back from where they arrived (a gap in
 * arrival — a muted or stalled track — becomes silence); the agent's frames are
 * placed when the audio source will play them: right after what is already
 * queued, or now when the queue ran dry. A barge-in clears the source's queue,
 * so agent audio scheduled after that moment is cut from the timeline too.
 * Only a short unsettled tail is held in memory; audio older than that is
 * handed to `onSettled` (mixed, and each side) and forgotten, so a long call
 * costs no memory and the work per frame stays tiny.
 */

export interface SettledAudio {
  /** Position of the first sample from the start of the recording. */
  readonly startSample: number;
  readonly mixed: Int16Array;
  readonly caller: Int16Array;
  readonly agent: Int16Array;
}

export interface TimelineOptions {
  readonly sampleRate: number;
  /** Wall-clock time of sample 0. */
  readonly startMs: number;
  readonly onSettled: (audio: SettledAudio) => void;
  /** Caller frames arriving this much later than their place would leave a gap: silence fills it. */
  readonly gapToleranceMs?: number;
}

export class RecordingTimeline {
  private caller: Int16Array = new Int16Array(0);
  private agent: Int16Array = new Int16Array(0);
  /** Samples before this have been handed out; the buffers start here. */
  private settled = 0;
  /** One past the last sample written (the pending tail ends at the larger of the two). */
  private callerCursor = 0;
  private agentCursor = 0;
  private readonly perMs: number;
  private readonly gapSamples: number;

  constructor(private readonly options: TimelineOptions) {
    this.perMs = options.sampleRate / 1000;
    this.gapSamples = Math.round((options.gapToleranceMs ?? 120) * this.perMs);
  }

  /** Samples on the timeline so far (the recording's length if it ended now). */
  get lengthSamples(): number {
    return Math.max(this.callerCursor, this.agentCursor, this.settled);
  }

  /** A caller frame that arrived at `atMs`; `silenced` keeps its place but not its sound (a sensitive entry). */
  heard(samples: Int16Array, atMs: number, silenced = false): void {
    const arrivedEnd = this.position(atMs);
    const expectedStart = arrivedEnd - samples.length;
    let at = this.callerCursor;
    // Late by more than the tolerance: the track was silent (muted, stalled) in between.
    // Early by as much: the frames ran ahead of the wall clock (a burst after a stall); re-anchor.
    if (expectedStart > at + this.gapSamples || expectedStart < at - 2 * this.gapSamples) at = Math.max(0, expectedStart);
    if (!silenced) this.write("caller", samples, at);
    this.callerCursor = at + samples.length;
  }

  /** An agent frame handed to the audio source at `atMs`: it plays after what is queued, or at once. */
  played(samples: Int16Array, atMs: number): void {
    const at = Math.max(this.agentCursor, this.position(atMs), this.settled);
    this.write("agent", samples, at);
    this.agentCursor = at + samples.length;
  }

  /** The source's queue was cleared at `atMs` (barge-in, caller left): what had not played yet never will. */
  cut(atMs: number): void {
    const at = Math.max(this.position(atMs), this.settled);
    if (this.agentCursor <= at) return;
    this.agent.fill(0, at - this.settled, this.agentCursor - this.settled);
    this.agentCursor = at;
  }

  /** Hands out everything before `atMs` (callers keep a margin for late frames and cuts). */
  settle(atMs: number): void {
    this.settleTo(Math.min(this.position(atMs), this.lengthSamples));
  }

  /** Ends the timeline at `atMs`: everything up to it is handed out, anything after is dropped. */
  end(atMs: number): number {
    const end = Math.max(this.position(atMs), this.settled);
    this.settleTo(end);
    this.caller = new Int16Array(0);
    this.agent = new Int16Array(0);
    this.callerCursor = this.agentCursor = end;
    return end;
  }

  private position(atMs: number): number {
    return Math.max(0, Math.round((atMs - this.options.startMs) * this.perMs));
  }

  private write(side: "caller" | "agent", samples: Int16Array, at: number): void {
    let source = samples;
    let from = at - this.settled;
    // Already handed out: only the part that is still pending can be placed.
    if (from < 0) {
      if (-from >= source.length) return;
      source = source.subarray(-from);
      from = 0;
    }
    const buffer = this.ensure(side, from + source.length);
    buffer.set(source, from);
  }

  private ensure(side: "caller" | "agent", length: number): Int16Array {
    const current = side === "caller" ? this.caller : this.agent;
    if (current.length >= length) return current;
    const grown = new Int16Array(Math.max(length, current.length * 2, 16000));
    grown.set(current);
    if (side === "caller") this.caller = grown;
    else this.agent = grown;
    return grown;
  }

  private settleTo(end: number): void {
    const count = end - this.settled;
    if (count <= 0) return;
    const caller = new Int16Array(count);
    const agent = new Int16Array(count);
    caller.set(this.caller.subarray(0, Math.min(count, this.caller.length)));
    agent.set(this.agent.subarray(0, Math.min(count, this.agent.length)));
    const mixed = new Int16Array(count);
    for (let i = 0; i < count; i++) {
      const sum = caller[i]! + agent[i]!;
      mixed[i] = sum > 32767 ? 32767 : sum < -32768 ? -32768 : sum;
    }
    this.options.onSettled({ startSample: this.settled, mixed, caller, agent });
    this.caller = shift(this.caller, count);
    this.agent = shift(this.agent, count);
    this.settled = end;
  }
}

function shift(buffer: Int16Array, count: number): Int16Array {
  if (count >= buffer.length) return new Int16Array(Math.min(buffer.length, 16000));
  buffer.copyWithin(0, count);
  buffer.fill(0, buffer.length - count);
  return buffer;
}

/**
 * Loudness outline for the dashboard's waveform: the peak of each block (0–1),
 * accumulated as audio settles and folded to at most `maxBuckets` at the end.
 */
export class PeakMeter {
  private readonly blocks: number[] = [];
  private current = 0;
  private filled = 0;

  constructor(private readonly blockSamples: number) {}

  add(samples: Int16Array): void {
    for (let i = 0; i < samples.length; i++) {
      const v = Math.abs(samples[i]!);
      if (v > this.current) this.current = v;
      if (++this.filled === this.blockSamples) this.flushBlock();
    }
  }

  peaks(maxBuckets: number): number[] {
    if (this.filled > 0) this.flushBlock();
    const per = Math.max(1, Math.ceil(this.blocks.length / maxBuckets));
    const out: number[] = [];
    for (let i = 0; i < this.blocks.length; i += per) {
      out.push(Math.round(Math.max(...this.blocks.slice(i, i + per)) * 1000) / 1000);
    }
    return out;
  }

  private flushBlock(): void {
    this.blocks.push(this.current / 32768);
    this.current = 0;
    this.filled = 0;
  }
}
