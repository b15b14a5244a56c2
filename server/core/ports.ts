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

/** `atMs` is wall-clock; `streamMs` is the position in the audio stream. */
export type VadEvent =
  | { readonly type: "speech_start"; readonly atMs: number; readonly streamMs: number }
  | {
      readonly type: "speech_end";
      readonly atMs: number;
      readonly streamMs: number;
      /** Speech duration, excluding trailing silence. */
      readonly speechMs: number;
    };

export type ChannelKind = "web" | "phone" | "chat";

/** How a user turn reached the agent: spoken (STT), typed (chat or the widget's text box), or keyed on a phone keypad. */
export type TurnKind = "spoken" | "typed" | "keypad";

/** How a conversation ended; declared once here and imported everywhere (storage, admin filters, seeds). */
export const CONVERSATION_OUTCOMES = ["completed", "transferred", "abandoned", "failed"] as const;
export type ConversationOutcome = (typeof CONVERSATION_OUTCOMES)[number];
/** What a voice session itself decides; "failed" is set from outside (a line that failed, a room closed under it). */
export type SessionOutcome = Exclude<ConversationOutcome, "failed">;

export type CallDirection = "inbound" | "outbound";

/**
 * Why a voice conversation ended, as stored in `endReason`. A failed phone line
 * stores the bridge's own cause instead ("media timeout", "busy (SIP 486)").
 */
export const END_REASONS = {
  callerLeft: "caller left",
  agentEnded: "agent ended",
  transferred: "transferred",
  mediaTimeout: "media timeout",
  error: "error",
} as const;

/** The caller's side of the room went away (web visitor disconnected, SIP caller hung up). */
export interface CallerLeft {
  /** Wall-clock time the channel learned of it. */
  readonly atMs: number;
}

/** Storage the voice pipeline and dialogue need, implemented by server/storage. */
/** A turn to store, as every store (Prisma, write-behind, tests) takes it. */
export interface NewTurn {
  /** The turn's id, made by the caller so a retried write lands once; made here if absent. */
  id?: string;
  conversationId: string;
  role: "user" | "agent";
  /** Defaults to spoken. */
  kind?: TurnKind;
  text: string;
  startedAt: Date;
  endedAt?: Date;
  intent?: string;
  /** The agent stopped speaking because the caller barged in. */
  interrupted?: boolean;
  latency?: TurnLatency;
}

export interface ConversationStore {
  /** Opens a conversation, or returns the one already open for `roomName` (an outbound call's row exists before its room). */
  startConversation(input: {
    /** The id to create the row with (made by the caller so a retried write is recognised); an existing room's row keeps its own. */
    id?: string;
    channel: ChannelKind;
    roomName?: string;
    callerNumber?: string;
    direction?: CallDirection;
    /** When the conversation began (the row's start; defaults to when it is stored). */
    startedAt?: Date;
    /**
     * A conversation nothing is stored for yet: its id is made here and returned at once, the row is
     * written behind the call and every later write queues after it (the greeting never waits on the database).
     */
    inBackground?: boolean;
  }): Promise<{ id: string }>;
  appendTurn(input: NewTurn): Promise<{ id: string; seq: number }>;
  /** The turns stored so far, in order (a conversation continued in a new room after a reload). */
  storedTurns?(conversationId: string): Promise<{ role: "user" | "agent"; text: string }[]>;
  endConversation(input: {
    conversationId: string;
    outcome: ConversationOutcome;
    /** Why it ended, when that is not obvious from the outcome (e.g. "no answer", "media timeout"). */
    endReason?: string;
    /** When the caller left, if they did: the admin shows how long the ending took after that. */
    callerLeftAt?: Date;
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

/** Voice activity detection as a stream function: frames in, speech boundaries out. */
export interface VoiceActivityDetector {
  readonly name: string;
  /** Trailing silence that closes a speech segment. */
  readonly minSilenceMs: number;
  detect(frames: AsyncIterable<PcmFrame>, options?: StreamOptions): AsyncIterable<VadEvent>;
}

export interface TranscriptEntry {
  readonly role: "user" | "agent";
  readonly text: string;
  readonly final: boolean;
  /** Stable per turn: interim and final updates of one turn share it. */
  readonly segmentId: string;
}

/**
 * One voice conversation's I/O, whatever carries it (a LiveKit room with a web
 * visitor or a SIP caller, or an in-memory channel in tests).
 */
export interface VoiceChannel {
  readonly kind: ChannelKind;
  readonly roomName?: string;
  readonly callerNumber?: string;
  /** A call that can be handed to a human (phone): a handoff ends the agent's part. */
  readonly transfersCalls?: boolean;
  /** The caller's audio, 16 kHz mono; ends when the caller leaves. */
  audio(): AsyncIterable<PcmFrame>;
  /** Plays agent audio as it is produced; resolves once it has been played out. */
  play(frames: AsyncIterable<PcmFrame>, options?: PlayOptions): Promise<void>;
  /** Shows a transcript update to the caller's client (if it has a screen). */
  transcript(entry: TranscriptEntry): Promise<void>;
  /** Text the caller typed during the call (web widget), answered in the same conversation. */
  typedText?(): AsyncIterable<string>;
  /** Keypad presses during a phone call (RFC 4733 DTMF), one key a item: 0-9, *, #, A-D. */
  dtmf?(): AsyncIterable<string>;
  /** Publishes what the agent is doing, for the client's state indicator. */
  setState(state: AgentState): Promise<void>;
  /**
   * Resolves once the caller has left for good (not on a transport reconnect):
   * the agent stops speaking at once and the conversation ends.
   */
  readonly callerLeft?: Promise<CallerLeft>;
}

export type AgentState = "listening" | "thinking" | "speaking" | "idle";

export interface PlayOptions extends StreamOptions {
  onFirstFrame?: (atMs: number) => void;
  /** While closed, playback holds its place; aborting `signal` drops queued audio at once. */
  gate?: { readonly isOpen: boolean; opened(signal?: AbortSignal): Promise<void> };
}
