import type { Dialogue, ReplyEvent } from "../core/dialogue/dialogue";
import type { DialogueStateStore } from "../core/dialogue/dialogue-ports";
import { redactSensitiveEntry } from "../core/dialogue/pii";
import { takeTurn } from "../core/dialogue/take-turn";
import { isAbortError } from "../core/errors";
import type { Logger } from "../core/log";
import { END_REASONS, type ConversationStore, type SessionOutcome, type SpeechToText, type TextToSpeech, type TurnKind, type VoiceActivityDetector, type VoiceChannel } from "../core/ports";
import { AsyncQueue } from "./async-queue";
import { callerTextInputs } from "./keypad";
import { withStoredInput } from "./stored-input";
import { defaultEndpointing, type EndpointingOptions } from "./endpointing";
import { listen, type ListenEvent, type Utterance } from "./listener";
import { PlaybackGate } from "./playback-gate";
import { ReplayBuffer } from "./replay-buffer";
import { SilenceReprompter } from "./silence-reprompt";
import { welcomeBack } from "./welcome-back";
import { createSpeaker, type SpokenReply } from "./speaker";
import { isBackchannel, meaningfulWords } from "./backchannel";

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

export interface SessionStats {
  interruptions: number;
  falseInterruptions: number;
  /** ms from the barge-in decision to agent audio stopping, per interruption. */
  bargeInCancelMs: number[];
  reprompts: number;
}

export interface VoiceSessionOptions {
  readonly signal?: AbortSignal;
  /** The agent placed this call (the conversation row already exists for the room): it opens with the purpose. */
  readonly outbound?: { readonly purpose: string };
}

export interface SessionEnd {
  outcome: SessionOutcome;
  handoffSummary?: string;
  /** Why it ended (END_REASONS): the caller left, the agent ended it, a transfer. */
  endReason?: string;
  /** When the caller left, if that is how it ended. */
  callerLeftAtMs?: number;
}

export interface VoiceSession {
  readonly conversationId: string;
  readonly stats: SessionStats;
  /** Resolves when the caller left or the agent ended the call, every turn handled. */
  readonly done: Promise<SessionEnd>;
}

type Work = { kind: "utterance"; utterance: Utterance; source: TurnKind } | { kind: "say"; text: string; thenEnd?: boolean };

/**
 * The voice conversation on any channel. Listening never stops: VAD and
 * streaming STT run while the agent speaks, so user speech pauses the agent at
 * once (barge-in), a real interruption aborts LLM and TTS through one signal
 * and drops queued audio, and a false one (a cough, "mm-hmm") resumes it.
 * Turns are answered one at a time; a failing turn is logged and survived.
 */
export async function startVoiceSession(
  channel: VoiceChannel,
  deps: VoicePipelineDeps,
  { signal, outbound }: VoiceSessionOptions = {},
): Promise<VoiceSession> {
  const options: TurnTakingOptions = { ...defaultTurnTaking, ...deps.turnTaking };
  const { id: conversationId } = await deps.store.startConversation({
    channel: channel.kind,
    roomName: channel.roomName,
    callerNumber: channel.callerNumber,
    ...(outbound ? { direction: "outbound" as const } : {}),
  });
  const log = deps.log.child({ conversationId });
  // A web conversation with turns already is being continued (a reload moved it to this room).
  const earlier = outbound || channel.kind !== "web" ? [] : ((await deps.store.storedTurns?.(conversationId).catch(() => [])) ?? []);
  log.info(earlier.length > 0 ? "conversation resumed" : "conversation started", {
    channel: channel.kind,
    room: channel.roomName,
    direction: outbound ? "outbound" : "inbound",
    ...(earlier.length > 0 ? { earlierTurns: earlier.length } : {}),
  });
  const session = new AbortController();
  signal?.addEventListener("abort", () => session.abort(), { once: true });
  const stats: SessionStats = { interruptions: 0, falseInterruptions: 0, bargeInCancelMs: [], reprompts: 0 };
  const speaker = createSpeaker({ channel, tts: deps.tts, store: deps.store, conversationId, log });
  const work = new AsyncQueue<Work>();

  // The reply being spoken, if any, and a barge-in that may be under way.
  let speaking: { abort: AbortController; gate: PlaybackGate; reply: SpokenReply } | undefined;
  let interruption: { utteranceId: string; timer: ReturnType<typeof setTimeout>; confirmed: boolean } | undefined;
  let userSpeaking = false;
  // Set once the caller has left: nothing more is said, pending turns are only stored.
  let callerGone: { atMs: number; cutReply?: SpokenReply } | undefined;
  const silence = new SilenceReprompter(options.silenceRepromptMs, (which) => {
    if (speaking || userSpeaking || callerGone || session.signal.aborted) return;
    stats.reprompts += 1;
    if (which === "still-there") work.push({ kind: "say", text: "Are you still there?" });
    else work.push({ kind: "say", text: "I haven't heard anything, so I'll end the call now. Goodbye!", thenEnd: true });
  });
  // A reply started from the interim transcript while the end of turn is being decided.
  let speculation: { utteranceId: string; text: string; abort: AbortController; keep: (kept: boolean) => void; reply: ReplayBuffer<ReplyEvent> } | undefined;
  const dropSpeculation = () => {
    if (!speculation) return;
    speculation.abort.abort();
    speculation.keep(false);
    speculation = undefined;
  };

  const confirmInterruption = (why: string) => {
    if (!interruption || interruption.confirmed || !speaking) return;
    interruption.confirmed = true;
    clearTimeout(interruption.timer);
    const decidedAt = Date.now();
    const current = speaking;
    current.reply.interrupted = true;
    current.abort.abort();
    current.gate.open();
    stats.interruptions += 1;
    void current.reply.stopped.then((at) => stats.bargeInCancelMs.push(Math.max(0, at - decidedAt)));
    log.info("barge-in", { why });
  };

  const armSilenceTimer = () => {
    if (session.signal.aborted || callerGone) return;
    silence.resume();
  };

  const onListenEvent = (event: ListenEvent) => {
    if (event.type === "speech_start") {
      userSpeaking = true;
      silence.pause();
      if (speaking && !interruption) {
        // Pause at once; decide whether it is a real interruption in a moment.
        speaking.gate.close();
        void channel.setState("listening").catch(() => undefined);
        interruption = {
          utteranceId: event.utteranceId,
          confirmed: false,
          timer: setTimeout(() => confirmInterruption("speech duration"), options.bargeInMinSpeechMs),
        };
      }
    } else if (event.type === "end_proposed") {
      if (options.preemptiveReplies && !speaking && !interruption && normalise(event.text)) {
        dropSpeculation();
        const abort = new AbortController();
        let keep: (kept: boolean) => void = () => undefined;
        const commit = new Promise<boolean>((resolve) => (keep = resolve));
        speculation = {
          utteranceId: event.utteranceId,
          text: event.text,
          abort,
          keep,
          reply: new ReplayBuffer(takeTurn({ dialogue: deps.dialogue, states: deps.states, conversationId, text: event.text, channel: channel.kind, callerNumber: channel.callerNumber, signal: abort.signal, commit })),
        };
      }
    } else if (event.type === "speech_resumed") {
      if (speculation?.utteranceId === event.utteranceId) dropSpeculation();
    } else if (event.type === "interim") {
      void channel.transcript({ role: "user", text: event.text, final: false, segmentId: event.utteranceId }).catch(() => undefined);
      if (interruption?.utteranceId === event.utteranceId && meaningfulWords(event.text) > 0) confirmInterruption("recognised words");
    } else {
      userSpeaking = false;
      silence.heardCaller();
      const pending = interruption?.utteranceId === event.utterance.id ? interruption : undefined;
      if (pending && !pending.confirmed) {
        // Short speech over the agent: resume unless the words say otherwise.
        void event.utterance.transcript.then(
          ({ text }) => {
            if (interruption !== pending) return;
            if (!text || isBackchannel(text)) {
              clearTimeout(pending.timer);
              interruption = undefined;
              stats.falseInterruptions += 1;
              // Lengths only: logs are kept longer and read more widely than transcripts.
              log.info("false interruption; resuming", { heardChars: text.length });
              speaking?.gate.open();
              void channel.setState("speaking").catch(() => undefined);
            } else {
              confirmInterruption("short but meaningful");
              work.push({ kind: "utterance", utterance: event.utterance, source: "spoken" });
            }
          },
          () => speaking?.gate.open(),
        );
        return;
      }
      work.push({ kind: "utterance", utterance: event.utterance, source: "spoken" });
    }
  };

  // A key pressed while the agent talks cuts it off at once, as on any phone menu.
  const onKey = () => {
    armSilenceTimer();
    if (!speaking || interruption || speaking.abort.signal.aborted) return;
    const current = speaking;
    current.reply.interrupted = true;
    current.abort.abort();
    current.gate.open();
    stats.interruptions += 1;
    log.info("barge-in", { why: "keypad" });
  };

  // The caller left: the reply in progress stops at once (LLM, TTS and queued audio, through its
  // one signal) and is kept as far as it was played; nothing more is said to the empty room.
  const cutForLeave = (current: NonNullable<typeof speaking>) => {
    if (!callerGone || current.abort.signal.aborted) return;
    callerGone.cutReply = current.reply;
    current.reply.interrupted = true;
    current.abort.abort();
    current.gate.open();
  };
  const onCallerLeft = (atMs: number) => {
    if (callerGone) return;
    callerGone = { atMs };
    silence.stop();
    dropSpeculation();
    if (interruption) {
      clearTimeout(interruption.timer);
      interruption = undefined;
    }
    if (speaking) cutForLeave(speaking);
    log.info("caller left", { midReply: Boolean(callerGone.cutReply) });
    // The caller's audio ends with them; should it not, the session still ends promptly.
    leaveStop = setTimeout(() => {
      work.close();
      session.abort();
    }, LEAVE_DRAIN_MS);
  };
  let leaveStop: ReturnType<typeof setTimeout> | undefined;

  const say = async (
    events: AsyncIterable<ReplyEvent>,
    userSpeechEndMs?: number,
    latency?: object,
    after?: Promise<unknown>,
    // The turn's one signal: aborting it stops the dialogue (LLM), TTS and playback together.
    abort = new AbortController(),
  ): Promise<SpokenReply> => {
    const onSession = () => abort.abort();
    session.signal.addEventListener("abort", onSession, { once: true });
    const gate = new PlaybackGate();
    const reply = speaker.prepare();
    speaking = { abort, gate, reply };
    if (callerGone) cutForLeave(speaking);
    // No silence is counted while the agent itself is talking.
    silence.pause();
    try {
      await speaker.speak(reply, events, { signal: abort.signal, gate, userSpeechEndMs, latency, after });
    } finally {
      session.signal.removeEventListener("abort", onSession);
      if (speaking?.reply === reply) speaking = undefined;
      // Whatever the interruption was, it belonged to this reply; its utterance is handled as a turn.
      if (interruption) {
        clearTimeout(interruption.timer);
        interruption = undefined;
      }
      armSilenceTimer();
    }
    return reply;
  };

  const handleUtterance = async (utterance: Utterance, source: TurnKind): Promise<SpokenReply | undefined> => {
    const { text, atMs: finalAt } = await utterance.transcript;
    if (!text) {
      log.debug("no words recognised; ignoring noise", { turnId: utterance.id });
      return undefined;
    }
    // Off the critical path: the reply starts while the transcript is shown and stored.
    void channel.transcript({ role: "user", text, final: true, segmentId: utterance.id }).catch(() => undefined);
    // Stored as the dialogue says (an answer to a sensitive capture is redacted); until it has
    // said so, a keypad entry counts as sensitive.
    let storeAs: (stored: string) => void = () => undefined;
    const storedText = new Promise<string>((resolve) => (storeAs = resolve));
    const onInput = (input?: { storedText: string }) => storeAs(input?.storedText ?? (source === "keypad" ? redactSensitiveEntry(text) : text));
    const userTurnStored = storedText
      .then((stored) =>
        deps.store.appendTurn({ conversationId, role: "user", kind: source, text: stored, startedAt: new Date(utterance.speechStartMs), endedAt: new Date(utterance.speechEndMs) }),
      )
      .catch((error: unknown) => log.error("user turn not stored", { error, turnId: utterance.id }));
    void channel.setState("thinking").catch(() => undefined);
    // Typed and keyed turns have no speech to measure: no latency figures rather than zeros.
    const spoken = source === "spoken";
    const latency = spoken ? { endOfTurnMs: utterance.endOfTurnAtMs - utterance.speechEndMs, sttMs: Math.max(0, finalAt - utterance.endOfTurnAtMs) } : undefined;
    const turnAbort = new AbortController();
    // Keep the preemptive reply only if it answered exactly what the final transcript says.
    const preempted = speculation?.utteranceId === utterance.id && normalise(speculation.text) === normalise(text) ? speculation : undefined;
    if (preempted) {
      speculation = undefined;
      preempted.keep(true);
      turnAbort.signal.addEventListener("abort", () => preempted.abort.abort(), { once: true });
    } else {
      dropSpeculation();
    }
    const reply = await say(
      withStoredInput(
        preempted
          ? preempted.reply.replay()
          : takeTurn({ dialogue: deps.dialogue, states: deps.states, conversationId, text, channel: channel.kind, kind: source, callerNumber: channel.callerNumber, signal: turnAbort.signal }),
        onInput,
      ),
      spoken ? utterance.speechEndMs : undefined,
      latency,
      userTurnStored,
      turnAbort,
    );
    onInput();
    turnAbort.abort();
    if (preempted) log.debug("preemptive reply kept", { turnId: utterance.id });
    log.info("turn", {
      turnId: utterance.id,
      intent: reply.intent,
      kind: source,
      // Logs hold no transcript text, not even redacted: lengths only.
      userChars: text.length,
      agentChars: reply.text.length,
      ...latency,
      llmFirstTokenMs: reply.llmFirstTokenMs,
      ttsFirstByteMs: reply.ttsFirstByteMs,
      voiceToVoiceMs: reply.voiceToVoiceMs,
      interrupted: reply.interrupted,
    });
    return reply;
  };

  const events = listen(channel.audio(), deps.vad, deps.stt, { signal: session.signal, endpointing: options.endpointing, maxUtteranceMs: options.maxUtteranceMs });
  const listening = (async () => {
    for await (const event of events) onListenEvent(event);
    // The caller's audio ends as they leave; the channel's word that they left (a promise settled in
    // the same event) is taken first, so the session ends as a leave, with its time.
    await new Promise((resolve) => setTimeout(resolve, 0));
  })().finally(() => work.close());
  void pumpTypedText(channel, work, session.signal, onKey);
  void channel.callerLeft?.then(({ atMs }) => onCallerLeft(atMs), () => undefined);
  // The transcript so far goes back to the visitor's screen before the agent speaks again.
  const replayed = (async () => {
    for (const [i, turn] of earlier.entries()) {
      await channel.transcript({ role: turn.role, text: turn.text, final: true, segmentId: `earlier-${i}` }).catch(() => undefined);
    }
  })();
  if (earlier.length > 0) await Promise.race([replayed, new Promise((resolve) => setTimeout(resolve, 1000))]);
  work.push({ kind: "say", text: earlier.length > 0 ? welcomeBack(earlier) : deps.dialogue.greeting({ channel: channel.kind, purpose: outbound?.purpose }) });

  // The call's time limit: cut the reply in progress, drop waiting turns, say goodbye; a call
  // that still does not end (the goodbye cannot play) is ended regardless.
  let callOver = false;
  let hardStop: ReturnType<typeof setTimeout> | undefined;
  const callLimit = setTimeout(() => {
    callOver = true;
    log.info("call time limit reached", { maxCallMs: options.maxCallMs });
    if (speaking) {
      speaking.reply.interrupted = true;
      speaking.abort.abort();
      speaking.gate.open();
    }
    work.push({ kind: "say", text: CALL_TIME_LIMIT_GOODBYE, thenEnd: true });
    hardStop = setTimeout(() => session.abort(), 15_000);
  }, options.maxCallMs);
  callLimit.unref?.();

  /** A turn that reached the queue after the caller left: stored as said, never answered. */
  const storeUnanswered = async (utterance: Utterance, source: TurnKind): Promise<boolean> => {
    const { text } = await utterance.transcript.catch(() => ({ text: "" }));
    if (!text) return false;
    const stored = source === "keypad" ? redactSensitiveEntry(text) : text;
    await deps.store
      .appendTurn({ conversationId, role: "user", kind: source, text: stored, startedAt: new Date(utterance.speechStartMs), endedAt: new Date(utterance.speechEndMs) })
      .catch((error: unknown) => log.error("user turn not stored", { error, turnId: utterance.id }));
    return true;
  };

  // Read through a call: the caller may leave while the loop awaits (TypeScript would narrow a plain read).
  const left = () => callerGone;
  const done = (async (): Promise<SessionEnd> => {
    let outcome: SessionOutcome = "completed";
    let handoffSummary: string | undefined;
    let endReason: string | undefined;
    let answered = 0;
    // The caller left while being answered, or with something they said not answered yet.
    let leftUnanswered = false;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    for await (const item of work) {
      clearTimeout(watchdog);
      try {
        if (left()) {
          if (item.kind === "utterance" && (await storeUnanswered(item.utterance, item.source))) leftUnanswered = true;
          continue;
        }
        if (item.kind === "say") {
          await say(once({ type: "text", delta: item.text }));
          if (item.thenEnd && !left()) {
            endReason = END_REASONS.agentEnded;
            break;
          }
          continue;
        }
        if (callOver) continue;
        const reply = await handleUtterance(item.utterance, item.source);
        const gone = left();
        if (gone) {
          // A goodbye that had started playing was said; any other reply cut by the leave was not.
          if (reply && gone.cutReply === reply && !reply.end) leftUnanswered = true;
          if (reply && !leftUnanswered) answered += 1;
          continue;
        }
        if (!reply) {
          // Nothing usable was heard after the agent was cut off: never go silent.
          if (stats.interruptions > 0 && !speaking) {
            watchdog = setTimeout(() => {
              if (!speaking && !userSpeaking && !callerGone) work.push({ kind: "say", text: "Sorry, I didn't catch that. Could you say it again?" });
            }, options.stallWatchdogMs);
          }
          continue;
        }
        answered += 1;
        if (reply.handoffSummary) {
          outcome = "transferred";
          handoffSummary = reply.handoffSummary;
        }
        // A phone call is handed over (REFER) and ends here; a web visitor has no line to
        // transfer, so the agent stays and the visitor can keep talking.
        if (reply.handoffSummary && channel.transfersCalls) {
          endReason = END_REASONS.transferred;
          break;
        }
        if (reply.end) {
          endReason = END_REASONS.agentEnded;
          break;
        }
      } catch (error) {
        if (isAbortError(error) || session.signal.aborted) break;
        log.error("turn failed", { error });
      }
    }
    clearTimeout(watchdog);
    silence.stop();
    clearTimeout(callLimit);
    clearTimeout(hardStop);
    clearTimeout(leaveStop);
    dropSpeculation();
    session.abort();
    work.close();
    await listening.catch(() => undefined);
    // The queue ran dry because the caller's audio ended: they left, whether or not the channel said so.
    const gone = left();
    if (!endReason && (gone || !signal?.aborted)) endReason = END_REASONS.callerLeft;
    if (answered === 0 && outcome === "completed") outcome = "abandoned";
    if (gone && leftUnanswered && outcome === "completed") outcome = "abandoned";
    log.info("conversation loop ended", { outcome, endReason, ...stats, bargeInCancelMs: stats.bargeInCancelMs });
    return { outcome, handoffSummary, endReason, callerLeftAtMs: gone?.atMs };
  })();

  return { conversationId, stats, done };
}

/** Typed messages and keypad entries join the work queue as already-transcribed turns, tagged with their kind. */
async function pumpTypedText(channel: VoiceChannel, work: AsyncQueue<Work>, signal: AbortSignal, onKey: () => void): Promise<void> {
  const typed = callerTextInputs(channel, { onKey, signal });
  if (!typed) return;
  let n = 0;
  for await (const { text, kind } of typed) {
    if (signal.aborted || work.isClosed) break;
    const clean = text.trim().slice(0, 2000);
    if (!clean || work.size >= MAX_QUEUED_TURNS) continue;
    const now = Date.now();
    work.push({
      kind: "utterance",
      source: kind,
      utterance: { id: `t${++n}-${now.toString(36)}`, speechStartMs: now, speechEndMs: now, endOfTurnAtMs: now, transcript: Promise.resolve({ text: clean, atMs: now }) },
    });
  }
}

async function* once<T>(item: T): AsyncIterable<T> {
  yield item;
}

function normalise(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9' ]+/g, " ").replace(/\s+/g, " ").trim();
}
