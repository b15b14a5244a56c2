import type { AgentState, PcmFrame, PlayOptions, TranscriptEntry, VoiceChannel } from "../../core/ports";

/**
 * A VoiceChannel with no transport: caller audio comes from a frame source,
 * agent audio and transcripts are recorded. The pipeline runs on it in tests
 * exactly as it runs on a LiveKit room.
 */
export class InMemoryChannel implements VoiceChannel {
  readonly kind = "web" as const;
  readonly roomName: string;
  readonly played: { frames: PcmFrame[]; startedAt: number; abortedAt?: number; endedAt?: number }[] = [];
  /** Real-time pacing of agent audio (ms of wall clock per 20 ms frame); 0 = as fast as possible. */
  playbackMsPerFrame = 0;
  readonly transcripts: TranscriptEntry[] = [];
  readonly states: AgentState[] = [];

  constructor(
    private readonly source: () => AsyncIterable<PcmFrame>,
    roomName = `mem-${Math.random().toString(36).slice(2)}`,
  ) {
    this.roomName = roomName;
  }

  audio(): AsyncIterable<PcmFrame> {
    return this.source();
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
  }

  async transcript(entry: TranscriptEntry): Promise<void> {
    this.transcripts.push(entry);
  }

  async setState(state: AgentState): Promise<void> {
    this.states.push(state);
  }
}
