import type { Dialogue, ReplyEvent } from "../core/dialogue/dialogue";
import type { DialogueStateStore } from "../core/dialogue/dialogue-ports";
import { takeTurn } from "../core/dialogue/take-turn";
import { isAbortError } from "../core/errors";
import type { Logger } from "../core/log";
import type { ConversationStore, SpeechToText, TextToSpeech, TurnKind, TurnLatency, VoiceActivityDetector, VoiceChannel } from "../core/ports";
import { AsyncQueue } from "./async-queue";
import { BargeIn, type InterruptionStats } from "./barge-in";
import { defaultEndpointing, type EndpointingOptions } from "./endpointing";
import { pumpCallerText } from "./keypad";
import { listen, type ListenEvent, type Utterance } from "./listener";
import { PreemptiveReplies } from "./preemptive";
import { SessionEndTracker, type SessionEnd } from "./session-end";
import { SilenceReprompter } from "./silence-reprompt";
import { createSpeaker, type SpokenReply } from "./speaker";
import { StallWatchdog } from "./stall-watchdog";
import { TurnController } from "./turn-controller";
import { answerUserTurn, storeUnansweredTurn } from "./user-turn";
import { welcomeBack } from "./welcome-back";

export type { SessionEnd } from "./session-end";

export interface TurnTakingOptions {
  readonly endpointing: EndpointingOptions;
  /** User speech this long while the agent talks is a barge-in (a recognised word also is). */
  readonly bargeInMinSpeechMs: number;
  /** Silence after the agent finished before "Are you still there?"; a second one ends the call. */
  readonly silenceRepromptMs: number;
  /** After an interruption, the longest the agent may stay silent before it speaks up. */
  readonly stallWatchdogMs: number;
  /** Start the reply from the interim transcript while the end of turn is decided; kept if the final matches. */
  readonly preemptiveReplies: boolean;
  /** Longest call: the agent says goodbye and ends it (cost, and capacity for other callers). */
  readonly maxCallMs: number;
  /** Longest utterance before the agent takes the turn anyway. */
  readonly maxUtteranceMs: number;
}

export const defaultTurnTaking: TurnTakingOptions = {
  endpointing: defaultEndpointing,
  bargeInMinSpeechMs: 500,
  silenceRepromptMs: 8000,
  stallWatchdogMs: 2500,
  preemptiveReplies: true,
  maxCallMs: 15 * 60_000,
  maxUtteranceMs: 30_000,
};

export const CALL_TIME_LIMIT_GOODBYE = "We've reached the time limit for this call. Thank you for calling, goodbye!";

/** Typed messages and key entries waiting behind the current turn; more are dropped, not queued without end. */
const MAX_QUEUED_TURNS = 8;

/** After the caller left, how long their audio may take to end (and a last utterance to be transcribed) before the session is cut. */
const LEAVE_DRAIN_MS = 1000;


export interface VoicePipelineDeps {
  readonly vad: VoiceActivityDetector;
  readonly stt: SpeechToText;
  readonly tts: TextToSpeech;
  readonly store: ConversationStore;
  readonly dialogue: Dialogue;
  readonly states: DialogueStateStore;
  readonly log: Logger;
  readonly turnTaking?: Partial<TurnTakingOptions>;
}

export interface SessionStats extends InterruptionStats {
  reprompts: number;
}

export interface VoiceSessionOptions {
  readonly signal?: AbortSignal;
  /** The agent placed this call (the conversation row already exists for the room): it opens with the purpose. */
  readonly outbound?: { readonly purpose: string };
  /**
   * Nothing is stored for this conversation yet (not a reload, a re-dispatch or an outbound call): the
   * greeting does not wait for the database, and the row is stored behind the call with this start.
   */
  readonly newConversation?: { readonly startedAt: Date };
}

export interface VoiceSession {
  readonly conversationId: string;
  readonly stats: SessionStats;
  /** Resolves when the caller left or the agent ended the call, every turn handled. */
  readonly done: Promise<SessionEnd>;
}

type Work = { kind: "utterance"; utterance: Utterance; source: TurnKind } | { kind: "say"; text: string; thenEnd?: boolean };

const STILL_THERE = "Are you still there?";
const SILENCE_GOODBYE = "I haven't heard anything, so I'll end the call now. Goodbye!";
const DIDNT_CATCH = "Sorry, I didn't catch that. Could you say it again?";

/**
 * The voice conversation on any channel. Listening never stops: VAD and
 * streaming STT run while the agent speaks. Each reply runs on its own
 * TurnController, whose one signal every stage races (LLM request, sentence
 * chunking, TTS, playback); the turn policies — barge-in with its
 * false-interruption resume, preemptive replies, the silence reprompt and the
 * stall watchdog — are small units composed here. Turns are answered one at a
 * time; a failing turn is logged and survived.
 */
export async function startVoiceSession(
  channel: VoiceChannel,
  deps: VoicePipelineDeps,
  { signal, outbound, newConversation }: VoiceSessionOptions = {},
): Promise<VoiceSession> {
  const options: TurnTakingOptions = { ...defaultTurnTaking, ...deps.turnTaking };
  const { id: conversationId } = await deps.store.startConversation({
    channel: channel.kind,
    roomName: channel.roomName,
    callerNumber: channel.callerNumber,
    ...(outbound ? { direction: "outbound" as const } : {}),
    ...(newConversation ? { startedAt: newConversation.startedAt, inBackground: true } : {}),
  });
  const log = deps.log.child({ conversationId });
  // A web conversation with turns already is being continued (a reload moved it to this room).
  const mayHaveTurns = !newConversation && !outbound && channel.kind === "web";
  const earlier = mayHaveTurns ? ((await deps.store.storedTurns?.(conversationId).catch(() => [])) ?? []) : [];
  log.info(earlier.length > 0 ? "conversation resumed" : "conversation started", {
    channel: channel.kind,
    room: channel.roomName,
    direction: outbound ? "outbound" : "inbound",
    ...(earlier.length > 0 ? { earlierTurns: earlier.length } : {}),
  });
  const session = new VoiceSessionRun(channel, deps, options, conversationId, log, signal);
  const done = session.run(earlier, outbound);
  return { conversationId, stats: session.stats, done };
}

/** One conversation's state and the composition of its policies; each method is one concern. */
class VoiceSessionRun {
  readonly stats: SessionStats = { interruptions: 0, falseInterruptions: 0, bargeInCancelMs: [], reprompts: 0 };
  private readonly session = new AbortController();
  private readonly work = new AsyncQueue<Work>();
  private readonly end = new SessionEndTracker();
  private readonly speaker;
  // Who holds the floor: the reply being spoken, and whether the caller is talking.
  private speaking: TurnController | undefined;
  private userSpeaking = false;
  // Set once the caller has left: nothing more is said, pending turns are only stored.
  private callerGone: { atMs: number; cutReply?: SpokenReply } | undefined;
  private callOver = false;
  private readonly timers: ReturnType<typeof setTimeout>[] = [];
  private readonly silence: SilenceReprompter;
  private readonly bargeIn: BargeIn;
  private readonly preemptive: PreemptiveReplies;
  private readonly stall: StallWatchdog;

  constructor(
    private readonly channel: VoiceChannel,
    private readonly deps: VoicePipelineDeps,
    private readonly options: TurnTakingOptions,
    private readonly conversationId: string,
    private readonly log: Logger,
    private readonly outside: AbortSignal | undefined,
  ) {
    outside?.addEventListener("abort", () => this.session.abort(), { once: true });
    this.speaker = createSpeaker({ channel, tts: deps.tts, store: deps.store, conversationId, log });
    this.silence = new SilenceReprompter(options.silenceRepromptMs, (which) => {
      if (!this.quiet()) return;
      this.stats.reprompts += 1;
      this.work.push(which === "still-there" ? { kind: "say", text: STILL_THERE } : { kind: "say", text: SILENCE_GOODBYE, thenEnd: true });
    });
    this.bargeIn = new BargeIn(options.bargeInMinSpeechMs, {
      speaking: () => this.speaking,
      stats: this.stats,
      log,
      onHeld: () => void channel.setState("listening").catch(() => undefined),
      onResumed: () => void channel.setState("speaking").catch(() => undefined),
    });
    this.preemptive = new PreemptiveReplies((text, signal, commit) =>
      takeTurn({ dialogue: deps.dialogue, states: deps.states, conversationId, text, channel: channel.kind, callerNumber: channel.callerNumber, signal, commit }),
    );
    this.stall = new StallWatchdog(options.stallWatchdogMs, () => this.quiet(), () => this.work.push({ kind: "say", text: DIDNT_CATCH }));
  }

  /** Nobody is speaking and the caller is still there. */
  private quiet(): boolean {
    return !this.speaking && !this.userSpeaking && !this.callerGone && !this.session.signal.aborted;
  }

  async run(earlier: readonly { role: "user" | "agent"; text: string }[], outbound: VoiceSessionOptions["outbound"]): Promise<SessionEnd> {
    const listening = this.listen();
    void pumpCallerText(this.channel, {
      signal: this.session.signal,
      onKey: () => this.onKey(),
      accept: (utterance, source) => this.work.size < MAX_QUEUED_TURNS && this.work.push({ kind: "utterance", utterance, source }),
      closed: () => this.work.isClosed,
    });
    void this.channel.callerLeft?.then(({ atMs }) => this.onCallerLeft(atMs), () => undefined);
    if (earlier.length > 0) await this.replayTranscript(earlier);
    this.work.push({ kind: "say", text: earlier.length > 0 ? welcomeBack(earlier) : this.deps.dialogue.greeting({ channel: this.channel.kind, purpose: outbound?.purpose }) });
    this.startCallLimit();
    for await (const item of this.work) {
      this.stall.clear();
      try {
        if (await this.handle(item)) break;
      } catch (error) {
        if (isAbortError(error) || this.session.signal.aborted) break;
        this.log.error("turn failed", { error });
      }
    }
    return this.close(listening);
  }

  /** One queued item: a turn to answer or words to say. True when the conversation is over. */
  private async handle(item: Work): Promise<boolean> {
    if (this.callerGone) {
      if (item.kind === "utterance" && (await storeUnansweredTurn(this.userTurnDeps(), item.utterance, item.source))) this.end.unansweredAfterLeave();
      return false;
    }
    if (item.kind === "say") {
      await this.say(this.newTurn(), once({ type: "text", delta: item.text }));
      if (!item.thenEnd || this.callerGone) return false;
      this.end.agentEnded();
      return true;
    }
    if (this.callOver) return false;
    const reply = await answerUserTurn(this.userTurnDeps(), item.utterance, item.source);
    const gone = this.left();
    if (gone) {
      if (reply) this.end.repliedAsCallerLeft(reply, gone.cutReply === reply);
      return false;
    }
    if (!reply) {
      // Nothing usable was heard after the agent was cut off: never go silent.
      if (this.stats.interruptions > 0 && !this.speaking) this.stall.arm();
      return false;
    }
    return this.end.replied(reply, Boolean(this.channel.transfersCalls));
  }

  // Read through a call: the caller may leave while a turn is awaited (TypeScript would narrow a plain read).
  private left(): typeof this.callerGone {
    return this.callerGone;
  }

  private userTurnDeps() {
    const { channel, deps, conversationId, log, preemptive } = this;
    return { channel, dialogue: deps.dialogue, states: deps.states, store: deps.store, conversationId, log, preemptive, newTurn: () => this.newTurn(), say: this.say.bind(this) };
  }

  private newTurn(): TurnController {
    return new TurnController(this.speaker.prepare(), this.session.signal);
  }

  /** Speaks a reply on its turn: it holds the floor until it is played out or cut. */
  private async say(turn: TurnController, events: AsyncIterable<ReplyEvent>, options: { userSpeechEndMs?: number; latency?: TurnLatency; after?: Promise<unknown> } = {}): Promise<SpokenReply> {
    this.speaking = turn;
    if (this.callerGone) this.cutForLeave(turn);
    // No silence is counted while the agent itself is talking.
    this.silence.pause();
    try {
      await this.speaker.speak(turn.reply, events, { signal: turn.signal, gate: turn.gate, ...options });
    } finally {
      if (this.speaking === turn) this.speaking = undefined;
      // Whatever the interruption was, it belonged to this reply; its utterance is handled as a turn.
      this.bargeIn.clear();
      turn.finish();
      this.armSilence();
    }
    return turn.reply;
  }

  private armSilence(): void {
    if (!this.session.signal.aborted && !this.callerGone) this.silence.resume();
  }

  private listen(): Promise<void> {
    const { options } = this;
    const events = listen(this.channel.audio(), this.deps.vad, this.deps.stt, { signal: this.session.signal, endpointing: options.endpointing, maxUtteranceMs: options.maxUtteranceMs });
    return (async () => {
      for await (const event of events) this.onListenEvent(event);
      // The caller's audio ends as they leave; the channel's word that they left (a promise settled in
      // the same event) is taken first, so the session ends as a leave, with its time.
      await new Promise((resolve) => setTimeout(resolve, 0));
    })().finally(() => this.work.close());
  }

  /** Routes what the listener heard to the policies. */
  private onListenEvent(event: ListenEvent): void {
    switch (event.type) {
      case "speech_start":
        this.userSpeaking = true;
        this.silence.pause();
        this.bargeIn.speechStarted(event.utteranceId);
        return;
      case "end_proposed":
        if (this.options.preemptiveReplies && !this.speaking) this.preemptive.proposed(event.utteranceId, event.text);
        return;
      case "speech_resumed":
        this.preemptive.resumed(event.utteranceId);
        return;
      case "interim":
        void this.channel.transcript({ role: "user", text: event.text, final: false, segmentId: event.utteranceId }).catch(() => undefined);
        this.bargeIn.heard(event.utteranceId, event.text);
        return;
      case "utterance":
        this.userSpeaking = false;
        this.silence.heardCaller();
        this.bargeIn.utteranceEnded(event.utterance, () => this.work.push({ kind: "utterance", utterance: event.utterance, source: "spoken" }));
    }
  }

  // A key pressed while the agent talks cuts it off at once, as on any phone menu.
  private onKey(): void {
    this.armSilence();
    this.bargeIn.keyPressed();
  }

  // The caller left: the reply in progress stops at once (LLM, TTS and queued audio, through its
  // one signal) and is kept as far as it was played; nothing more is said to the empty room.
  private cutForLeave(turn: TurnController): void {
    if (this.callerGone && turn.cut("caller-left")) this.callerGone.cutReply = turn.reply;
  }

  private onCallerLeft(atMs: number): void {
    if (this.callerGone) return;
    this.callerGone = { atMs };
    this.silence.stop();
    this.preemptive.drop();
    this.bargeIn.clear();
    if (this.speaking) this.cutForLeave(this.speaking);
    this.log.info("caller left", { midReply: Boolean(this.callerGone.cutReply) });
    // The caller's audio ends with them; should it not, the session still ends promptly.
    this.timers.push(
      setTimeout(() => {
        this.work.close();
        this.session.abort();
      }, LEAVE_DRAIN_MS),
    );
  }

  // The call's time limit: cut the reply in progress, drop waiting turns, say goodbye; a call
  // that still does not end (the goodbye cannot play) is ended regardless.
  private startCallLimit(): void {
    const limit = setTimeout(() => {
      this.callOver = true;
      this.log.info("call time limit reached", { maxCallMs: this.options.maxCallMs });
      this.speaking?.cut("time-limit");
      this.work.push({ kind: "say", text: CALL_TIME_LIMIT_GOODBYE, thenEnd: true });
      this.timers.push(setTimeout(() => this.session.abort(), 15_000));
    }, this.options.maxCallMs);
    limit.unref?.();
    this.timers.push(limit);
  }

  /** The transcript so far goes back to the visitor's screen before the agent speaks again. */
  private async replayTranscript(earlier: readonly { role: "user" | "agent"; text: string }[]): Promise<void> {
    const replayed = (async () => {
      for (const [i, turn] of earlier.entries()) {
        await this.channel.transcript({ role: turn.role, text: turn.text, final: true, segmentId: `earlier-${i}` }).catch(() => undefined);
      }
    })();
    await Promise.race([replayed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  private async close(listening: Promise<void>): Promise<SessionEnd> {
    this.stall.clear();
    this.silence.stop();
    for (const timer of this.timers) clearTimeout(timer);
    this.preemptive.drop();
    this.session.abort();
    this.work.close();
    await listening.catch(() => undefined);
    // The queue ran dry because the caller's audio ended: they left, whether or not the channel said so.
    const result = this.end.result(this.left()?.atMs, Boolean(this.outside?.aborted));
    this.log.info("conversation loop ended", { outcome: result.outcome, endReason: result.endReason, ...this.stats });
    return result;
  }
}

async function* once<T>(item: T): AsyncIterable<T> {
  yield item;
}
