import type { ChannelKind, TurnKind } from "../ports";
import type { Dialogue, ReplyEvent } from "./dialogue";
import type { DialogueStateStore } from "./dialogue-ports";

/**
 * One user turn against stored state: load, reply, save — so the next turn of
 * the conversation can be taken by any process. The state is saved even when
 * the reply is cut short (barge-in, hang-up).
 */
export async function* takeTurn(input: {
  dialogue: Dialogue;
  states: DialogueStateStore;
  conversationId: string;
  text: string;
  channel: ChannelKind;
  /** How the text arrived (spoken, typed, keypad); defaults to spoken. */
  kind?: TurnKind;
  /** The number a phone caller calls from (the SIP bridge's, not what they say). */
  callerNumber?: string;
  signal?: AbortSignal;
  /**
   * For a preemptive (speculative) turn: resolves true when the turn is kept,
   * false when it is discarded — then nothing is saved.
   */
  commit?: Promise<boolean>;
}): AsyncIterable<ReplyEvent> {
  const state = await input.states.load(input.conversationId);
  let handoffSummary: string | undefined;
  try {
    for await (const event of input.dialogue.reply({ conversationId: input.conversationId, state, text: input.text, channel: input.channel, kind: input.kind, callerNumber: input.callerNumber, signal: input.signal })) {
      if (event.type === "handoff") handoffSummary = event.summary;
      yield event;
    }
  } finally {
    if (await (input.commit ?? true)) await input.states.save({ conversationId: input.conversationId, state, handoffSummary });
  }
}
