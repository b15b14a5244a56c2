import { DisconnectReason, RoomEvent } from "@livekit/rtc-node";

/**
 * The state of a phone line as the SIP bridge reports it on its participant,
 * the way livekit-sip does: `sip.callStatus` goes dialing → ringing → active →
 * hangup, and the participant leaves with a disconnect reason (USER_REJECTED
 * for busy/declined, USER_UNAVAILABLE for no answer; a connection lost to the
 * bridge shows as a timeout or signal close). livekit-sip marks a media
 * timeout only as `hangup`, like a caller's BYE, so the bridge also names the
 * cause in `sip.hangupReason` (livekit-sip's termination reasons:
 * "media-timeout", "no-ack", "sip-trunk-failure", …); an ordinary BYE leaves
 * it empty or "hangup".
 */
export const CALL_STATUS = "sip.callStatus";
export const HANGUP_REASON = "sip.hangupReason";

/** What the line looked like when the SIP participant left. */
export interface LineEnd {
  /** Last `sip.callStatus` seen. */
  readonly callStatus?: string;
  /** `sip.hangupReason`, if the bridge set one. */
  readonly hangupReason?: string;
  /** The participant's disconnect reason (undefined = unknown). */
  readonly disconnectReason?: DisconnectReason;
  /** The call reached `active` (the far end picked up) at some point. */
  readonly answered: boolean;
  /** The agent placed the call: ending before the far end picked up is a failed call, not an abandoned one. */
  readonly outbound?: boolean;
}

/**
 * Hang-up reasons that are an ordinary end of call: either side hung up, or we
 * moved or removed it (livekit-sip's termination names and the embedded bridge's).
 */
const ordinaryHangups = new Set([
  "", "hangup", "bye", "caller-hangup", "callee-hangup", "cancel", "cancelled", "canceled", "caller-cancelled",
  "rpc", "removed", "participant-removed", "transferred", "transfer", "max-call-duration",
]);

/** A reason as people read it: "media-timeout" → "media timeout", "callee-486" → "busy (SIP 486)". */
function describeHangup(cause: string): string {
  const refused = /^(?:callee|rejected)-(\d{3})$/.exec(cause);
  if (refused) {
    const code = Number(refused[1]);
    const what = code === 486 || code === 600 ? "busy" : code === 603 ? "declined" : code === 408 || code === 480 ? "no answer" : "refused";
    return `${what} (SIP ${code})`;
  }
  return cause.replace(/[-_]+/g, " ");
}

const bridgeLost: Partial<Record<DisconnectReason, string>> = {
  [DisconnectReason.CONNECTION_TIMEOUT]: "the SIP bridge's connection timed out",
  [DisconnectReason.SIGNAL_CLOSE]: "the SIP bridge's connection closed",
  [DisconnectReason.JOIN_FAILURE]: "the SIP bridge failed to join",
  [DisconnectReason.STATE_MISMATCH]: "the SIP bridge lost its session state",
  [DisconnectReason.MIGRATION]: "the SIP bridge was migrated",
  [DisconnectReason.SERVER_SHUTDOWN]: "the media server shut down",
  [DisconnectReason.SIP_TRUNK_FAILURE]: "SIP trunk failure",
  [DisconnectReason.MEDIA_FAILURE]: "media failure",
};

/**
 * Why the call failed, or undefined when it ended the ordinary way (someone
 * hung up after answering), which keeps the conversation's own outcome.
 */
export function callFailure(end: LineEnd): string | undefined {
  const cause = (end.hangupReason ?? "").trim().toLowerCase();
  if (!ordinaryHangups.has(cause)) return describeHangup(cause);
  if (end.disconnectReason === DisconnectReason.USER_REJECTED) return end.answered ? "call rejected" : "busy or declined";
  if (end.disconnectReason === DisconnectReason.USER_UNAVAILABLE) return "no answer";
  const lost = end.disconnectReason !== undefined ? bridgeLost[end.disconnectReason] : undefined;
  if (lost) return lost;
  if (end.outbound && !end.answered) return "the call ended before it was answered";
  return undefined;
}

/** The slice of an rtc-node Room this needs: its events. */
export interface RoomEvents {
  on(event: RoomEvent.ParticipantAttributesChanged, listener: (changed: Record<string, string>, participant: { identity: string }) => void): unknown;
  on(event: RoomEvent.ParticipantDisconnected, listener: (participant: { identity: string; disconnectReason?: DisconnectReason }) => void): unknown;
  off(event: RoomEvent.ParticipantAttributesChanged, listener: (changed: Record<string, string>, participant: { identity: string }) => void): unknown;
  off(event: RoomEvent.ParticipantDisconnected, listener: (participant: { identity: string; disconnectReason?: DisconnectReason }) => void): unknown;
}

export type AnswerResult = { answered: true } | { answered: false; reason: string };

/**
 * Follows one SIP participant's line from the moment it is seen: its call
 * status, whether it was answered, and how it ended.
 */
export class CallLine {
  private status: string | undefined;
  private hangupReason: string | undefined;
  private wasAnswered: boolean;
  private left: { disconnectReason?: DisconnectReason } | undefined;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly room: RoomEvents,
    private readonly participant: { identity: string; attributes: Record<string, string> },
    private readonly outbound = false,
    /** False when the participant already left before the line was followed (a dial refused at once). */
    present = true,
  ) {
    this.status = participant.attributes[CALL_STATUS];
    this.hangupReason = participant.attributes[HANGUP_REASON];
    if (!present) this.left = {};
    // A participant without the attribute (an older bridge, a test caller) is taken as answered.
    this.wasAnswered = this.status === undefined || this.status === "active";
    room.on(RoomEvent.ParticipantAttributesChanged, this.onAttributes);
    room.on(RoomEvent.ParticipantDisconnected, this.onGone);
  }

  get callStatus(): string | undefined {
    return this.status;
  }

  get answered(): boolean {
    return this.wasAnswered;
  }

  /** Resolves once the far end picked up, the line ended, or `timeoutMs` passed (then: "no answer"). */
  async waitUntilAnswered(timeoutMs: number): Promise<AnswerResult> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: () => void = () => undefined;
    const timedOut = await new Promise<boolean>((resolve) => {
      if (this.wasAnswered || this.left) return resolve(false);
      wake = () => {
        if (this.wasAnswered || this.left) resolve(false);
      };
      this.waiters.add(wake);
      timer = setTimeout(() => resolve(true), timeoutMs);
    });
    clearTimeout(timer);
    this.waiters.delete(wake);
    if (this.wasAnswered && !this.left) return { answered: true };
    if (timedOut) return { answered: false, reason: "no answer" };
    return { answered: false, reason: callFailure({ ...this.end()!, outbound: true }) ?? "the call ended before it was answered" };
  }

  /** How the line ended, or undefined while the participant is still in the room. */
  end(): LineEnd | undefined {
    if (!this.left) return undefined;
    return { callStatus: this.status, hangupReason: this.hangupReason, disconnectReason: this.left.disconnectReason, answered: this.wasAnswered, outbound: this.outbound };
  }

  /** Why the call failed, if the participant left in a way that is not an ordinary hang-up. */
  failure(): string | undefined {
    const end = this.end();
    return end ? callFailure(end) : undefined;
  }

  close(): void {
    this.room.off(RoomEvent.ParticipantAttributesChanged, this.onAttributes);
    this.room.off(RoomEvent.ParticipantDisconnected, this.onGone);
    this.waiters.clear();
  }

  private readonly onAttributes = (changed: Record<string, string>, participant: { identity: string }) => {
    if (participant.identity !== this.participant.identity) return;
    if (CALL_STATUS in changed) {
      this.status = changed[CALL_STATUS];
      if (this.status === "active") this.wasAnswered = true;
    }
    if (HANGUP_REASON in changed) this.hangupReason = changed[HANGUP_REASON];
    this.wake();
  };

  private readonly onGone = (participant: { identity: string; disconnectReason?: DisconnectReason }) => {
    if (participant.identity !== this.participant.identity) return;
    this.left = { disconnectReason: participant.disconnectReason };
    this.wake();
  };

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
