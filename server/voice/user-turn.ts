import type { Dialogue, ReplyEvent } from "../core/dialogue/dialogue";
import type { DialogueStateStore } from "../core/dialogue/dialogue-ports";
import { redactSensitiveEntry } from "../core/dialogue/pii";
import { takeTurn } from "../core/dialogue/take-turn";
import type { Logger } from "../core/log";
import type { ConversationStore, TurnKind, TurnLatency, VoiceChannel } from "../core/ports";
import type { Utterance } from "./listener";
import type { PreemptiveReplies } from "./preemptive";
import type { SpokenReply } from "./speaker";
import { withStoredInput } from "./stored-input";
import { type TurnController } from "./turn-controller";

export interface UserTurnDeps {
  readonly channel: VoiceChannel;
  readonly dialogue: Dialogue;
  readonly states: DialogueStateStore;
  readonly store: ConversationStore;
  readonly conversationId: string;
  readonly log: Logger;
  readonly preemptive: PreemptiveReplies;
  /** A new turn for a reply (its signal follows the session's). */
  readonly newTurn: () => TurnController;
  /** Speaks a reply on its turn; resolves when it was played out or cut. */
  readonly say: (turn: TurnController, events: AsyncIterable<ReplyEvent>, options: { userSpeechEndMs?: number; latency?: TurnLatency; after: Promise<unknown> }) => Promise<SpokenReply>;
}

/**
 * Answers one user turn: shows and stores what the caller said (as the
 * dialogue says it may be stored), runs the dialogue on the turn's one signal
 * — or adopts the preemptive reply when it answered these very words — and
 * speaks the reply. Latency is measured only for spoken turns. Undefined when
 * no words were recognised (noise).
 */
export async function answerUserTurn(deps: UserTurnDeps, utterance: Utterance, kind: TurnKind): Promise<SpokenReply | undefined> {
  const { channel, conversationId, log } = deps;
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
  const onInput = (input?: { storedText: string }) => storeAs(input?.storedText ?? (kind === "keypad" ? redactSensitiveEntry(text) : text));
  const userTurnStored = storedText.then((stored) => storeUserTurn(deps, utterance, kind, stored));
  void channel.setState("thinking").catch(() => undefined);
  // Typed and keyed turns have no speech to measure: no latency figures rather than zeros.
  const spoken = kind === "spoken";
  const latency = spoken ? { endOfTurnMs: utterance.endOfTurnAtMs - utterance.speechEndMs, sttMs: Math.max(0, finalAt - utterance.endOfTurnAtMs) } : undefined;
  const turn = deps.newTurn();
  const preempted = deps.preemptive.take(utterance.id, text, turn);
  const events =
    preempted ??
    takeTurn({ dialogue: deps.dialogue, states: deps.states, conversationId, text, channel: channel.kind, kind, callerNumber: channel.callerNumber, signal: turn.signal });
  const reply = await deps.say(turn, withStoredInput(events, onInput), { userSpeechEndMs: spoken ? utterance.speechEndMs : undefined, latency, after: userTurnStored });
  onInput();
  if (preempted) log.debug("preemptive reply kept", { turnId: utterance.id });
  log.info("turn", {
    turnId: utterance.id,
    intent: reply.intent,
    kind,
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
}

/** A turn that reached the queue after the caller left: stored as said, never answered. False when it had no words. */
export async function storeUnansweredTurn(deps: Pick<UserTurnDeps, "store" | "conversationId" | "log">, utterance: Utterance, kind: TurnKind): Promise<boolean> {
  const { text } = await utterance.transcript.catch(() => ({ text: "" }));
  if (!text) return false;
  await storeUserTurn(deps, utterance, kind, kind === "keypad" ? redactSensitiveEntry(text) : text);
  return true;
}

async function storeUserTurn(deps: Pick<UserTurnDeps, "store" | "conversationId" | "log">, utterance: Utterance, kind: TurnKind, text: string): Promise<void> {
  await deps.store
    .appendTurn({ conversationId: deps.conversationId, role: "user", kind, text, startedAt: new Date(utterance.speechStartMs), endedAt: new Date(utterance.speechEndMs) })
    .then(
      () => undefined,
      (error: unknown) => deps.log.error("user turn not stored", { error, turnId: utterance.id }),
    );
}
