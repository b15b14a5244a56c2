import { greet, respond, type DialogueReply } from "../core/dialogue/minimal-dialogue";
import type { BusinessProfile } from "../core/dialogue/business-profile";
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
import { listen, type Utterance } from "./listener";
import { splitSentences } from "./sentences";

export interface VoicePipelineDeps {
  readonly vad: VoiceActivityDetector;
  readonly stt: SpeechToText;
  readonly tts: TextToSpeech;
  readonly store: ConversationStore;
  readonly profile: BusinessProfile;
  readonly log: Logger;
}

export interface VoiceSession {
  readonly conversationId: string;
  /** Resolves when the caller's audio has ended and every turn is handled. */
  readonly done: Promise<void>;
}

/**
 * The voice conversation loop on any channel: greet, then for each user
 * utterance store the transcript, decide the reply, speak it sentence by
 * sentence and store it with per-stage latency. One failing turn is logged and
 * survived; the call stays up.
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

  const speak = async (reply: DialogueReply, latency: TurnLatency & { replyReadyMs?: number }) => {
    const segmentId = `a-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    let firstFrameAt: number | undefined;
    const ttsStart = Date.now();
    void channel.setState("speaking").catch(() => undefined);
    await channel.transcript({ role: "agent", text: reply.text, final: true, segmentId }).catch((e) =>
      log.warn("transcript send failed", { error: e }),
    );
    try {
      await channel.play(synthesizeSentences(deps.tts, reply.text, signal, log), {
        signal,
        onFirstFrame: (at) => {
          firstFrameAt = at;
        },
      });
    } catch (error) {
      if (!isAbortError(error)) log.error("playback failed", { error });
    }
    void channel.setState("listening").catch(() => undefined);
    const stored: TurnLatency = {
      ...latency,
      ttsFirstByteMs: firstFrameAt !== undefined ? firstFrameAt - ttsStart : undefined,
    };
    await deps.store.appendTurn({
      conversationId,
      role: "agent",
      text: reply.text,
      intent: reply.intent,
      startedAt: new Date(firstFrameAt ?? ttsStart),
      endedAt: new Date(),
      latency: stored,
    });
    return { firstFrameAt };
  };

  const handleUtterance = async (utterance: Utterance) => {
    const turnLog = log.child({ turnId: utterance.id });
    const { text, atMs: finalAt } = await utterance.transcript;
    if (!text) {
      turnLog.debug("no words recognised; ignoring noise");
      return;
    }
    await channel
      .transcript({ role: "user", text, final: true, segmentId: utterance.id })
      .catch((e) => turnLog.warn("transcript send failed", { error: e }));
    await deps.store.appendTurn({
      conversationId,
      role: "user",
      text,
      startedAt: new Date(utterance.speechStartMs),
      endedAt: new Date(utterance.speechEndMs),
    });
    void channel.setState("thinking").catch(() => undefined);
    const thinkStart = Date.now();
    const reply = respond(deps.profile, text);
    const latency: TurnLatency = {
      endOfTurnMs: utterance.endOfTurnAtMs - utterance.speechEndMs,
      sttMs: Math.max(0, finalAt - utterance.endOfTurnAtMs),
      llmFirstTokenMs: Date.now() - thinkStart,
    };
    const { firstFrameAt } = await speak(reply, latency);
    const voiceToVoiceMs = firstFrameAt !== undefined ? firstFrameAt - utterance.speechEndMs : undefined;
    turnLog.info("turn", { intent: reply.intent, userText: text, ...latency, voiceToVoiceMs });
  };

  const done = (async () => {
    // Listening starts before the greeting so nothing said over it is lost.
    const utterances = listen(channel.audio(), deps.vad, deps.stt, {
      signal,
      onInterim: (id, text) => {
        void channel.transcript({ role: "user", text, final: false, segmentId: id }).catch(() => undefined);
      },
    });
    const greeting = speak(greet(deps.profile), {}).catch((error) =>
      log.error("greeting failed", { error }),
    );
    for await (const utterance of utterances) {
      await greeting;
      try {
        await handleUtterance(utterance);
      } catch (error) {
        if (isAbortError(error)) break;
        log.error("turn failed", { error, turnId: utterance.id });
      }
    }
    log.info("caller audio ended");
  })();

  return { conversationId, done };
}

async function* synthesizeSentences(
  tts: TextToSpeech,
  text: string,
  signal: AbortSignal | undefined,
  log: Logger,
): AsyncIterable<PcmFrame> {
  for (const sentence of splitSentences(text)) {
    if (signal?.aborted) return;
    try {
      yield* tts.synthesize(sentence, { signal });
    } catch (error) {
      if (isAbortError(error)) return;
      log.error("tts failed for a sentence; skipping it", { error, sentence });
    }
  }
}
