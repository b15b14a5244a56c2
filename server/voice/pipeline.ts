import type { Dialogue, ReplyEvent } from "../core/dialogue/dialogue";
import type { DialogueStateStore } from "../core/dialogue/dialogue-ports";
import { takeTurn } from "../core/dialogue/take-turn";
import { isAbortError } from "../core/errors";
import type { Logger } from "../core/log";
import type {
  ConversationStore,
  PcmFrame,
  SpeechToText,
  TextToSpeech,
  TurnLatency,
  VoiceActivityDetector,
  VoiceChannel,
} from "../core/ports";
import { AsyncQueue } from "./async-queue";
import { listen, type Utterance } from "./listener";
import { sentencesFrom } from "./sentence-stream";

export interface VoicePipelineDeps {
  readonly vad: VoiceActivityDetector;
  readonly stt: SpeechToText;
  readonly tts: TextToSpeech;
  readonly store: ConversationStore;
  readonly dialogue: Dialogue;
  readonly states: DialogueStateStore;
  readonly log: Logger;
}

export type SessionOutcome = "completed" | "transferred" | "abandoned";

export interface VoiceSession {
  readonly conversationId: string;
  /** Resolves when the caller left or the agent ended the call, every turn handled. */
  readonly done: Promise<{ outcome: SessionOutcome; handoffSummary?: string }>;
}

interface SpokenReply {
  text: string;
  firstFrameAt?: number;
  firstTokenAt?: number;
  intent?: string;
  handoffSummary?: string;
  end: boolean;
}

/**
 * The voice conversation loop on any channel: greet, then for each user
 * utterance store the transcript, stream the dialogue core's reply sentence by
 * sentence into TTS, and store it with per-stage latency. One failing turn is
 * logged and survived; the call stays up.
 */
export async function startVoiceSession(
  channel: VoiceChannel,
  deps: VoicePipelineDeps,
  { signal }: { signal?: AbortSignal } = {},
): Promise<VoiceSession> {
  const { id: conversationId } = await deps.store.startConversation({
    channel: channel.kind,
    roomName: channel.roomName,
    callerNumber: channel.callerNumber,
  });
  const log = deps.log.child({ conversationId });
  log.info("conversation started", { channel: channel.kind, room: channel.roomName });
  // Ends listening when the agent hangs up, as well as on the caller's signal.
  const session = new AbortController();
  signal?.addEventListener("abort", () => session.abort(), { once: true });

  const speak = async (
    events: AsyncIterable<ReplyEvent>,
    latency: TurnLatency = {},
    userSpeechEndMs?: number,
  ): Promise<SpokenReply> => {
    const segmentId = `a-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const reply: SpokenReply = { text: "", end: false };
    const started = Date.now();
    let ttsStart: number | undefined;
    async function* deltas(): AsyncIterable<string> {
      for await (const e of events) {
        if (e.type === "text") {
          reply.firstTokenAt ??= Date.now();
          yield e.delta;
        } else if (e.type === "route" && e.intent) reply.intent = e.intent;
        else if (e.type === "handoff") reply.handoffSummary = e.summary;
        else if (e.type === "end") reply.end = true;
      }
    }
    async function* audio(): AsyncIterable<PcmFrame> {
      for await (const sentence of sentencesFrom(deltas())) {
        reply.text = reply.text ? `${reply.text} ${sentence}` : sentence;
        void channel.transcript({ role: "agent", text: reply.text, final: false, segmentId }).catch(() => undefined);
        ttsStart ??= Date.now();
        try {
          yield* deps.tts.synthesize(sentence, { signal: session.signal });
        } catch (error) {
          if (isAbortError(error)) return;
          log.error("tts failed for a sentence; skipping it", { error, sentence });
        }
      }
    }
    void channel.setState("speaking").catch(() => undefined);
    try {
      await channel.play(audio(), { signal: session.signal, onFirstFrame: (at) => (reply.firstFrameAt = at) });
    } catch (error) {
      if (!isAbortError(error)) log.error("playback failed", { error });
    }
    void channel.setState("listening").catch(() => undefined);
    if (!reply.text) return reply;
    await channel.transcript({ role: "agent", text: reply.text, final: true, segmentId }).catch((e) => log.warn("transcript send failed", { error: e }));
    await deps.store.appendTurn({
      conversationId,
      role: "agent",
      text: reply.text,
      intent: reply.intent,
      startedAt: new Date(reply.firstFrameAt ?? started),
      endedAt: new Date(),
      latency: {
        ...latency,
        llmFirstTokenMs: reply.firstTokenAt !== undefined ? reply.firstTokenAt - started : undefined,
        ttsFirstByteMs: reply.firstFrameAt !== undefined && ttsStart !== undefined ? reply.firstFrameAt - ttsStart : undefined,
        voiceToVoiceMs:
          reply.firstFrameAt !== undefined && userSpeechEndMs !== undefined ? reply.firstFrameAt - userSpeechEndMs : undefined,
      },
    });
    return reply;
  };

  const handleUtterance = async (utterance: Utterance): Promise<SpokenReply | undefined> => {
    const turnLog = log.child({ turnId: utterance.id });
    const { text, atMs: finalAt } = await utterance.transcript;
    if (!text) {
      turnLog.debug("no words recognised; ignoring noise");
      return undefined;
    }
    await channel.transcript({ role: "user", text, final: true, segmentId: utterance.id }).catch((e) => turnLog.warn("transcript send failed", { error: e }));
    await deps.store.appendTurn({ conversationId, role: "user", text, startedAt: new Date(utterance.speechStartMs), endedAt: new Date(utterance.speechEndMs) });
    void channel.setState("thinking").catch(() => undefined);
    const latency: TurnLatency = {
      endOfTurnMs: utterance.endOfTurnAtMs - utterance.speechEndMs,
      sttMs: Math.max(0, finalAt - utterance.endOfTurnAtMs),
    };
    const events = takeTurn({ dialogue: deps.dialogue, states: deps.states, conversationId, text, channel: channel.kind, signal: session.signal });
    const replyStart = Date.now();
    const reply = await speak(events, latency, utterance.speechEndMs);
    turnLog.info("turn", {
      intent: reply.intent,
      userText: text,
      ...latency,
      llmFirstTokenMs: reply.firstTokenAt !== undefined ? reply.firstTokenAt - replyStart : undefined,
      voiceToVoiceMs: reply.firstFrameAt !== undefined ? reply.firstFrameAt - utterance.speechEndMs : undefined,
    });
    return reply;
  };

  const done = (async () => {
    // Listening starts before the greeting so nothing said over it is lost.
    const spoken = listen(channel.audio(), deps.vad, deps.stt, {
      signal: session.signal,
      onInterim: (id, text) => {
        void channel.transcript({ role: "user", text, final: false, segmentId: id }).catch(() => undefined);
      },
    });
    const utterances = withTypedText(spoken, channel.typedText?.(), session.signal);
    const greeting = speak(once({ type: "text", delta: deps.dialogue.greeting() })).catch((error) => {
      log.error("greeting failed", { error });
      return undefined;
    });
    let outcome: SessionOutcome = "completed";
    let handoffSummary: string | undefined;
    let answered = 0;
    for await (const utterance of utterances) {
      await greeting;
      try {
        const reply = await handleUtterance(utterance);
        if (reply) answered += 1;
        if (reply?.handoffSummary) {
          outcome = "transferred";
          handoffSummary = reply.handoffSummary;
        }
        if (reply?.end || reply?.handoffSummary) break;
      } catch (error) {
        if (isAbortError(error)) break;
        log.error("turn failed", { error, turnId: utterance.id });
      }
    }
    await greeting;
    session.abort();
    // A caller who never said anything the agent could hear abandoned the call.
    if (answered === 0 && outcome === "completed") outcome = "abandoned";
    log.info("conversation loop ended", { outcome });
    return { outcome, handoffSummary };
  })();

  return { conversationId, done };
}

/** Typed messages join the spoken utterances as already-transcribed turns; speech ends the stream. */
function withTypedText(spoken: AsyncIterable<Utterance>, typed: AsyncIterable<string> | undefined, signal: AbortSignal): AsyncIterable<Utterance> {
  if (!typed) return spoken;
  const merged = new AsyncQueue<Utterance>();
  void (async () => {
    for await (const u of spoken) merged.push(u);
    merged.close();
  })().catch(() => merged.close());
  void (async () => {
    let n = 0;
    for await (const text of typed) {
      if (signal.aborted || merged.isClosed) break;
      const now = Date.now();
      const clean = text.trim().slice(0, 2000);
      if (!clean) continue;
      merged.push({ id: `t${++n}-${now.toString(36)}`, speechStartMs: now, speechEndMs: now, endOfTurnAtMs: now, transcript: Promise.resolve({ text: clean, atMs: now }) });
    }
  })().catch(() => undefined);
  return merged;
}

async function* once<T>(item: T): AsyncIterable<T> {
  yield item;
}
