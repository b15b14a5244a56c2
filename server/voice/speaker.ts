import { abortable } from "../core/abortable";
import type { ReplyEvent } from "../core/dialogue/dialogue";
import { isAbortError } from "../core/errors";
import type { Logger } from "../core/log";
import type { ConversationStore, PcmFrame, PlayOptions, TextToSpeech, TurnLatency, VoiceChannel } from "../core/ports";
import { sentencesFrom } from "./sentence-stream";
import { normalizeForSpeech } from "./speech-normalize";

/** Longest wait for the final transcript to reach the client before the turn is stored anyway. */
const TRANSCRIPT_WAIT_MS = 500;

/** One agent reply as it is spoken: filled in while it plays. */
export interface SpokenReply {
  text: string;
  /** The sentences whose audio started playing: what the caller can have heard of an interrupted reply. */
  heardText: string;
  intent?: string;
  handoffSummary?: string;
  end: boolean;
  interrupted: boolean;
  llmFirstTokenMs?: number;
  ttsFirstByteMs?: number;
  voiceToVoiceMs?: number;
  /** Resolves with the time playback stopped (played out, or cut by barge-in). */
  readonly stopped: Promise<number>;
}

interface SpeakOptions {
  signal: AbortSignal;
  gate: PlayOptions["gate"];
  userSpeechEndMs?: number;
  latency?: TurnLatency;
  /** Store the agent turn only after this settles (the user turn it answers), keeping turn order. */
  after?: Promise<unknown>;
}

/**
 * Speaks a stream of dialogue events: text deltas are cut into sentences as
 * they arrive and each sentence is synthesised while the next is written, so
 * the first audio leaves before the reply is complete. Stores the agent turn
 * with its latency figures (also when it was interrupted: what was said is kept).
 */
export function createSpeaker(deps: { channel: VoiceChannel; tts: TextToSpeech; store: ConversationStore; conversationId: string; log: Logger }) {
  const { channel, tts, store, conversationId, log } = deps;

  function prepare(): SpokenReply & { markStopped(at: number): void } {
    let markStopped: (at: number) => void = () => undefined;
    const stopped = new Promise<number>((resolve) => (markStopped = resolve));
    return { text: "", heardText: "", end: false, interrupted: false, stopped, markStopped };
  }

  async function speak(reply: SpokenReply, events: AsyncIterable<ReplyEvent>, options: SpeakOptions): Promise<void> {
    const segmentId = `a-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
    const started = Date.now();
    let ttsStart: number | undefined;
    let firstFrameAt: number | undefined;
    const { signal } = options;

    // Every read races the turn's signal: a cut turn stops here at once, not at the LLM's next token.
    async function* deltas(): AsyncIterable<string> {
      for await (const e of abortable(events, signal)) {
        if (e.type === "text") {
          reply.llmFirstTokenMs ??= Date.now() - started;
          yield e.delta;
        } else if (e.type === "route" && e.intent) reply.intent = e.intent;
        else if (e.type === "handoff") reply.handoffSummary = e.summary;
        else if (e.type === "end") reply.end = true;
      }
    }
    async function* audio(): AsyncIterable<PcmFrame> {
      for await (const sentence of sentencesFrom(deltas())) {
        if (signal.aborted) return;
        reply.text = reply.text ? `${reply.text} ${sentence}` : sentence;
        void channel.transcript({ role: "agent", text: reply.text, final: false, segmentId }).catch(() => undefined);
        // The transcript keeps the written sentence ("$4.00"); the voice says "four dollars".
        const spoken = normalizeForSpeech(sentence);
        if (!spoken) continue;
        ttsStart ??= Date.now();
        let firstOfSentence = true;
        try {
          for await (const frame of abortable(tts.synthesize(spoken, { signal }), signal)) {
            // Pulled by the channel's play loop: this sentence is now being played.
            if (firstOfSentence) {
              firstOfSentence = false;
              reply.heardText = reply.heardText ? `${reply.heardText} ${sentence}` : sentence;
            }
            yield frame;
          }
        } catch (error) {
          if (isAbortError(error) || signal.aborted) return;
          log.error("tts failed for a sentence; skipping it", { error, sentenceChars: sentence.length });
        }
      }
    }

    void channel.setState("speaking").catch(() => undefined);
    try {
      await channel.play(audio(), { signal, gate: options.gate, onFirstFrame: (at) => (firstFrameAt = at) });
    } catch (error) {
      if (!isAbortError(error)) log.error("playback failed", { error });
    } finally {
      (reply as ReturnType<typeof prepare>).markStopped(Date.now());
    }
    void channel.setState("listening").catch(() => undefined);
    if (firstFrameAt !== undefined && ttsStart !== undefined) reply.ttsFirstByteMs = firstFrameAt - ttsStart;
    if (firstFrameAt !== undefined && options.userSpeechEndMs !== undefined) reply.voiceToVoiceMs = firstFrameAt - options.userSpeechEndMs;
    // An interrupted reply is kept as far as it was played, not as far as it was written.
    const said = reply.interrupted ? reply.heardText : reply.text;
    if (!said) return;
    // Bounded: the caller may have left, and nothing waits on a room nobody is in.
    await Promise.race([channel.transcript({ role: "agent", text: said, final: true, segmentId }).catch(() => undefined), delay(TRANSCRIPT_WAIT_MS)]);
    await options.after;
    await store
      .appendTurn({
        conversationId,
        role: "agent",
        text: said,
        intent: reply.intent,
        interrupted: reply.interrupted,
        startedAt: new Date(firstFrameAt ?? started),
        endedAt: new Date(),
        latency: { ...options.latency, llmFirstTokenMs: reply.llmFirstTokenMs, ttsFirstByteMs: reply.ttsFirstByteMs, voiceToVoiceMs: reply.voiceToVoiceMs },
      })
      .catch((error: unknown) => log.error("agent turn not stored", { error }));
  }

  return { prepare, speak };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
