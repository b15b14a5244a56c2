import type { AgentState, CallerLeft, ChannelKind, PcmFrame, PlayOptions, TranscriptEntry, VoiceChannel } from "../../core/ports";
import { AsyncQueue } from "../async-queue";

export interface InMemoryChannelOptions {
  /** "web" unless told otherwise; "phone" also transfers calls and takes keypad presses (`pressKeys`). */
  kind?: ChannelKind;
  callerNumber?: string;
}

/**
 * A VoiceChannel with no transport: caller audio comes from a frame source,
 * agent audio and transcripts are recorded. The pipeline runs on it in tests
 * exactly as it runs on a LiveKit room.
 */
export class InMemoryChannel implements VoiceChannel {
  readonly kind: ChannelKind;
  readonly roomName: string;
  readonly callerNumber?: string;
  readonly transfersCalls: boolean;
  readonly dtmf?: () => AsyncIterable<string>;
  private readonly keys = new AsyncQueue<string>();
  readonly played: { frames: PcmFrame[]; startedAt: number; abortedAt?: number; endedAt?: number }[] = [];
  /** Real-time pacing of agent audio (ms of wall clock per 20 ms frame); 0 = as fast as possible. */
  playbackMsPerFrame = 0;
  readonly transcripts: TranscriptEntry[] = [];
  readonly states: AgentState[] = [];
  readonly callerLeft: Promise<CallerLeft>;
  private markLeft: (left: CallerLeft) => void = () => undefined;
  private hasLeft = false;

  constructor(
    private readonly source: () => AsyncIterable<PcmFrame>,
    roomName = `mem-${Math.random().toString(36).slice(2)}`,
    options: InMemoryChannelOptions = {},
  ) {
    this.roomName = roomName;
    this.kind = options.kind ?? "web";
    this.callerNumber = options.callerNumber;
    this.transfersCalls = this.kind === "phone";
    if (this.kind === "phone") this.dtmf = () => this.keys;
    this.callerLeft = new Promise((resolve) => (this.markLeft = resolve));
  }

  /** The caller leaves for good (closes the page, hangs up): their audio ends and `callerLeft` resolves. */
  leave(): void {
    if (this.hasLeft) return;
    this.hasLeft = true;
    this.keys.close();
    this.markLeft({ atMs: Date.now() });
  }

  /** Presses keys on the caller's phone, one at a time ("4271#"). */
  pressKeys(keys: string): void {
    for (const key of keys) this.keys.push(key);
  }

  async *audio(): AsyncIterable<PcmFrame> {
    const frames = this.source()[Symbol.asyncIterator]();
    const left = this.callerLeft.then(() => ({ done: true, value: undefined }) as const);
    try {
      while (!this.hasLeft) {
        const next = await Promise.race([frames.next(), left]);
        if (next.done) return;
        yield next.value;
      }
    } finally {
      void frames.return?.();
    }
  }

  async play(frames: AsyncIterable<PcmFrame>, options: PlayOptions = {}): Promise<void> {
    const utterance: (typeof this.played)[number] = { frames: [], startedAt: Date.now() };
    this.played.push(utterance);
    const onAbort = () => (utterance.abortedAt ??= Date.now());
    options.signal?.addEventListener("abort", onAbort, { once: true });
    for await (const frame of frames) {
      if (options.gate && !options.gate.isOpen) await options.gate.opened(options.signal);
      if (options.signal?.aborted) break;
      if (utterance.frames.length === 0) options.onFirstFrame?.(Date.now());
      utterance.frames.push(frame);
      if (this.playbackMsPerFrame > 0) await new Promise((r) => setTimeout(r, this.playbackMsPerFrame));
    }
    utterance.endedAt = Date.now();
    // As the LiveKit channel does: an abort after playback ended stops nothing that is playing.
    options.signal?.removeEventListener("abort", onAbort);
  }

  async transcript(entry: TranscriptEntry): Promise<void> {
    this.transcripts.push(entry);
  }

  async setState(state: AgentState): Promise<void> {
    this.states.push(state);
  }
}
