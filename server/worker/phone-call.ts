import type { RemoteParticipant, Room } from "@livekit/rtc-node";
import type { CallContext } from "./call-context";
import { CallLine } from "../channels/sip/call-line";
import { finishPhoneCall, hangUpCall, type CallEnd } from "../channels/sip/call-control";
import { calleeIdentity, type OutboundCall } from "../channels/sip/outbound-metadata";
import type { Logger } from "../core/log";
import type { ConversationStore } from "../core/ports";
import type { Env } from "../env";
import type { SessionOutcome } from "../core/ports";

/** How long the SIP bridge may take to put the callee's participant in the room after the dial was requested. */
const CALLEE_JOIN_TIMEOUT_MS = 20_000;
/**
 * An inbound call is answered once the agent's track is subscribed (livekit-sip
 * rings until then); the greeting waits this long at most for `active`.
 */
const INBOUND_ANSWER_WAIT_MS = 3_000;

/**
 * The participant the job serves: the callee of an outbound call (by the
 * identity the dial gave it), or the first one to join any other room.
 * Undefined when an outbound call's participant never appeared.
 */
export async function waitForCaller(ctx: Pick<CallContext, "waitForParticipant">, outbound: OutboundCall | undefined): Promise<RemoteParticipant | undefined> {
  if (!outbound) return ctx.waitForParticipant();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), CALLEE_JOIN_TIMEOUT_MS)));
  try {
    return await Promise.race([ctx.waitForParticipant(calleeIdentity(outbound.conversationId)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Follows the SIP participant's line and waits for the far end to pick up:
 * an outbound call rings up to the ring timeout (then it has failed, and is
 * hung up here), an inbound one is answered by the bridge within moments.
 */
export async function answeredLine(
  room: Room,
  participant: RemoteParticipant,
  outbound: OutboundCall | undefined,
  config: Env,
): Promise<{ line: CallLine; failure?: string }> {
  const line = new CallLine(room, participant, Boolean(outbound), room.remoteParticipants.has(participant.identity));
  // A little past the bridge's own ring timeout, so its reason (busy, no answer) is the one stored.
  const answer = await line.waitUntilAnswered(outbound ? config.SIP_OUTBOUND_RING_TIMEOUT_MS + 5_000 : INBOUND_ANSWER_WAIT_MS);
  if (answer.answered || !outbound) return { line };
  return { line, failure: answer.reason };
}

/** An outbound call that never connected: stored as failed with the reason, the line cleared. */
export async function failOutboundCall(input: {
  config: Env;
  roomName: string;
  outbound: OutboundCall;
  participant?: RemoteParticipant;
  reason: string;
  store: ConversationStore;
  log: Logger;
}): Promise<void> {
  const { config, roomName, outbound, participant, reason, store, log } = input;
  log.warn("outbound call not answered", { conversationId: outbound.conversationId, reason });
  if (participant) await hangUpCall(config, roomName, participant.identity, log);
  await store
    .endConversation({ conversationId: outbound.conversationId, outcome: "failed", endReason: reason })
    .catch((error: unknown) => log.error("could not end conversation", { error }));
}

/**
 * How a phone conversation ends: a line that dropped for a reason other than
 * someone hanging up (a media timeout, a lost bridge) makes it `failed`;
 * otherwise the session's own outcome stands, carried out on the phone (REFER
 * on a handoff, BYE when the agent ended the call).
 */
export async function endPhoneCall(input: {
  config: Env;
  roomName: string;
  participant: RemoteParticipant;
  line: CallLine;
  outcome: SessionOutcome;
  stillConnected: boolean;
  log: Logger;
}): Promise<CallEnd> {
  const failure = input.line.failure();
  if (failure) {
    input.log.warn("call failed", { reason: failure, callStatus: input.line.callStatus });
    return { outcome: "failed", endReason: failure };
  }
  return finishPhoneCall({
    config: input.config,
    roomName: input.roomName,
    callerIdentity: input.participant.identity,
    callerStillConnected: input.stillConnected,
    outcome: input.outcome,
    log: input.log,
  });
}
