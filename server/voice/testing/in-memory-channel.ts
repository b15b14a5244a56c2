import type { AgentState, PcmFrame, TranscriptEntry, VoiceChannel } from "../../core/ports";

/**
 * A VoiceChannel with no transport: caller audio comes from a frame source,
 * agent audio and transcripts are recorded. The pipeline runs on it in tests
 * exactly as it runs on a LiveKit room.
 */
export class InMemoryChannel implements VoiceChannel {
  readonly kind = "web" as const;
  readonly roomName: string;
  readonly played: { frames: PcmFrame[]; startedAt: number }[] = [];
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

  async play(
    frames: AsyncIterable<PcmFrame>,
    options: { signal?: AbortSignal; onFirstFrame?: (atMs: number) => void } = {},
  ): Promise<void> {
    const utterance = { frames: [] as PcmFrame[], startedAt: Date.now() };
    this.played.push(utterance);
    for await (const frame of frames) {
      if (options.signal?.aborted) return;
      if (utterance.frames.length === 0) options.onFirstFrame?.(Date.now());
      utterance.frames.push(frame);
    }
  }

  async transcript(entry: TranscriptEntry): Promise<void> {
    this.transcripts.push(entry);
  }

  async setState(state: AgentState): Promise<void> {
    this.states.push(state);
  }
}
