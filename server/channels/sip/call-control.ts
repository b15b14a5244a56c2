import { RoomServiceClient, SipClient } from "livekit-server-sdk";
import type { Logger } from "../../core/log";
import { livekitHttpUrl, type Env } from "../../env";

import type { ConversationOutcome, SessionOutcome } from "../../core/ports";

export interface CallEnd {
  outcome: ConversationOutcome;
  /** Why, when the outcome alone does not say. */
  endReason?: string;
}

/**
 * Ends a phone call the way the conversation ended. A handoff becomes a SIP
 * REFER to SIP_TRANSFER_TO (the agent has already said so); it resolves once
 * the far end accepted it, and a refused or failed REFER is stored as
 * `failed` with the reason logged, never reported as a transfer. When the
 * agent ended the call and the caller is still on, it hangs up (BYE).
 */
export async function finishPhoneCall(input: {
  config: Env;
  roomName: string;
  callerIdentity: string;
  callerStillConnected: boolean;
  outcome: SessionOutcome;
  log: Logger;
}): Promise<CallEnd> {
  const { config, roomName, callerIdentity, log } = input;
  const host = livekitHttpUrl(config.LIVEKIT_URL);
  if (input.outcome === "transferred") {
    if (!input.callerStillConnected) return { outcome: "abandoned", endReason: "the caller hung up before the transfer" };
    const started = Date.now();
    try {
      await new SipClient(host, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET).transferSipParticipant(
        roomName,
        callerIdentity,
        config.SIP_TRANSFER_TO,
        { playDialtone: false },
      );
      log.info("call transferred", { to: config.SIP_TRANSFER_TO, tookMs: Date.now() - started });
      return { outcome: "transferred" };
    } catch (error) {
      log.error("call transfer failed", { to: config.SIP_TRANSFER_TO, error: String(error), tookMs: Date.now() - started });
      await hangUp(host, config, roomName, callerIdentity, log);
      return { outcome: "failed", endReason: `transfer to ${config.SIP_TRANSFER_TO} failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  if (input.callerStillConnected) await hangUp(host, config, roomName, callerIdentity, log);
  return { outcome: input.outcome };
}

/** Ends the call from our side: removing the SIP participant makes the bridge send BYE (or CANCEL while it rings). */
export async function hangUpCall(config: Env, roomName: string, identity: string, log: Logger): Promise<void> {
  await hangUp(livekitHttpUrl(config.LIVEKIT_URL), config, roomName, identity, log);
}

async function hangUp(host: string, config: Env, roomName: string, identity: string, log: Logger): Promise<void> {
  // Removing the SIP participant makes the bridge send BYE.
  await new RoomServiceClient(host, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET)
    .removeParticipant(roomName, identity)
    .catch((error: unknown) => log.warn("hang-up failed", { error: String(error) }));
}
