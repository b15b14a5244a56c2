/**
 * Ports: the small interfaces the pipeline and the dialogue core depend on.
 * Vendors and transports (LiveKit, Prisma, pocketsphinx, flite, OpenAI) sit
 * behind these; nothing in server/core imports a framework.
 */

/** 16-bit signed PCM, mono, at the rate named in the frame. */
export interface PcmFrame {
  readonly samples: Int16Array;
  readonly sampleRate: number;
}

export interface StreamOptions {
  readonly signal?: AbortSignal;
}

export type SttEvent =
  | { readonly type: "interim"; readonly text: string }
  | { readonly type: "final"; readonly text: string; readonly confidence?: number };

/** Streaming speech-to-text over one utterance: frames in, transcript events out. */
export interface SpeechToText {
  readonly name: string;
  /** The sample rate the engine wants; callers resample to it. */
  readonly sampleRate: number;
  transcribe(frames: AsyncIterable<PcmFrame>, options?: StreamOptions): AsyncIterable<SttEvent>;
}

/** Streaming text-to-speech: one text in, audio frames (≤ 20 ms each) out as produced. */
export interface TextToSpeech {
  readonly name: string;
  readonly sampleRate: number;
  synthesize(text: string, options?: StreamOptions): AsyncIterable<PcmFrame>;
}

export type VadEvent =
  | { readonly type: "speech_start"; readonly atMs: number }
  | {
      readonly type: "speech_end";
      readonly atMs: number;
      /** Speech duration, excluding trailing silence. */
      readonly speechMs: number;
    };

export type ChannelKind = "web" | "phone" | "chat";

/** Storage the voice pipeline and dialogue need, implemented by server/storage. */
export interface ConversationStore {
  startConversation(input: {
    channel: ChannelKind;
    roomName?: string;
    callerNumber?: string;
  }): Promise<{ id: string }>;
  appendTurn(input: {
    conversationId: string;
    role: "user" | "agent";
    text: string;
    startedAt: Date;
    endedAt?: Date;
    intent?: string;
    latency?: TurnLatency;
  }): Promise<{ id: string; seq: number }>;
  endConversation(input: {
    conversationId: string;
    outcome: "completed" | "transferred" | "abandoned" | "failed";
  }): Promise<void>;
}

/** Per-stage latency of one voice turn, milliseconds. */
export interface TurnLatency {
  endOfTurnMs?: number;
  sttMs?: number;
  llmFirstTokenMs?: number;
  ttsFirstByteMs?: number;
  voiceToVoiceMs?: number;
}
