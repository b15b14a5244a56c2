import {
  RoomAgentDispatch,
  RoomServiceClient,
  ServerError,
  SipCallError,
  SipClient,
  SIPOutboundTrunkInfo,
} from "livekit-server-sdk";
import { z } from "zod";
import { AppError } from "../../core/errors";
import type { Logger } from "../../core/log";
import { livekitHttpUrl, type Env } from "../../env";
import { endConversation } from "../../storage/conversations/end-conversation";
import { startOutboundConversation } from "../../storage/conversations/start-outbound-conversation";
import { calleeIdentity, outboundCallMetadata } from "./outbound-metadata";

export const OUTBOUND_TRUNK_NAME = "voice-agent-outbound";

const phoneNumber = /^\+?[0-9]{3,15}$/;
// sip:user@host[:port][;params] — the user part is dialled at that host.
const sipUri = /^sips?:([^@\s;:]+)@((?:[A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\])(?::\d{1,5})?)(?:;[^\s]*)?$/;

/** "+1 (555) 010-0123" → "+15550100123"; anything else unchanged. */
function normaliseNumber(to: string): string {
  const compact = to.replace(/[\s().-]/g, "");
  return phoneNumber.test(compact) ? compact : to;
}

/** The body of POST /api/admin/calls. */
export const outboundCallSchema = z
  .object({
    to: z
      .string({ error: "to is required" })
      .trim()
      .transform(normaliseNumber)
      .refine((to) => phoneNumber.test(to) || sipUri.test(to), "must be a phone number like +15550123 or a SIP URI like sip:alice@pbx.example.com"),
    purpose: z.string({ error: "purpose is required" }).trim().min(1, "purpose must not be empty").max(500, "purpose is too long (max 500 characters)"),
  })
  .strict();

export type OutboundCallRequest = z.infer<typeof outboundCallSchema>;

/** Where a call goes: the number (or SIP user) to dial, through which trunk. */
export interface DialTarget {
  callTo: string;
  trunkName: string;
  address: string;
}

/** A number goes out through the configured trunk; a SIP URI through a trunk for its own host. */
export function dialTarget(to: string, config: Pick<Env, "SIP_OUTBOUND_ADDRESS">): DialTarget {
  const uri = sipUri.exec(to);
  if (!uri || uri[2] === config.SIP_OUTBOUND_ADDRESS) {
    return { callTo: uri ? uri[1]! : to, trunkName: OUTBOUND_TRUNK_NAME, address: config.SIP_OUTBOUND_ADDRESS };
  }
  return { callTo: uri[1]!, trunkName: `${OUTBOUND_TRUNK_NAME}-${uri[2]!.replace(/[^A-Za-z0-9.-]+/g, "_")}`, address: uri[2]! };
}

export interface PlacedCall {
  conversationId: string;
  roomName: string;
}

/**
 * Places an outbound call: the conversation is stored first (so even a call
 * that never rings is on record), then the outbound trunk is provisioned if
 * needed, the room is created with the call's metadata (the agent is
 * dispatched to it like to any room), and the SIP bridge is asked to dial
 * into it without waiting for the answer. A refused dial ends the
 * conversation as `failed` with the reason and is reported to the caller.
 */
export async function placeOutboundCall(config: Env, request: OutboundCallRequest, log: Logger): Promise<PlacedCall> {
  const { id: conversationId, roomName } = await startOutboundConversation({ to: request.to, purpose: request.purpose });
  const host = livekitHttpUrl(config.LIVEKIT_URL);
  const rooms = new RoomServiceClient(host, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  const sip = new SipClient(host, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  const target = dialTarget(request.to, config);
  let stage = "provisioning the outbound trunk";
  try {
    const trunkId = await oneAtATime(() => ensureOutboundTrunk(sip, config, target));
    stage = "creating the call's room";
    await rooms.createRoom({
      name: roomName,
      metadata: outboundCallMetadata({ conversationId, purpose: request.purpose }),
      // The agent may join before the callee; the room outlives a short gap while dialling.
      emptyTimeout: 120,
      departureTimeout: 20,
      ...(config.AGENT_NAME ? { agents: [new RoomAgentDispatch({ agentName: config.AGENT_NAME })] } : {}),
    });
    stage = "dialling";
    await sip.createSipParticipant(trunkId, target.callTo, roomName, {
      participantIdentity: calleeIdentity(conversationId),
      participantName: request.to,
      waitUntilAnswered: false,
      ringingTimeout: Math.ceil(config.SIP_OUTBOUND_RING_TIMEOUT_MS / 1000),
      playDialtone: false,
      timeout: 15,
    });
  } catch (error) {
    const reason = dialFailure(error);
    log.warn("outbound call failed", { conversationId, stage, reason });
    await endConversation({ conversationId, outcome: "failed", endReason: `${stage} failed: ${reason}` }).catch((e: unknown) =>
      log.error("could not end the failed call's conversation", { conversationId, error: e }),
    );
    await rooms.deleteRoom(roomName).catch(() => undefined);
    throw new AppError(error instanceof AppError ? error.code : "PROVIDER_ERROR", `the call could not be placed (${stage}): ${reason}; conversation ${conversationId} is stored as failed`, {
      cause: error,
    });
  }
  log.info("outbound call placed", { conversationId, roomName, trunk: target.trunkName });
  return { conversationId, roomName };
}

type SipTransport = SIPOutboundTrunkInfo["transport"];
// livekit.SIPTransport (the SDK does not re-export the enum): UDP 1, TCP 2, TLS 3.
const sipTransport: Record<Env["SIP_OUTBOUND_TRANSPORT"], SipTransport> = { udp: 1 as SipTransport, tcp: 2 as SipTransport, tls: 3 as SipTransport };

// Two calls placed at once must not both create the trunk (in this process; the name makes it findable).
let trunkQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const run = trunkQueue.then(task, task);
  trunkQueue = run.catch(() => undefined);
  return run;
}

/** Idempotent: finds the trunk by name and brings it in line with the settings, or creates it. */
export async function ensureOutboundTrunk(sip: SipClient, config: Env, target: DialTarget): Promise<string> {
  const transport = sipTransport[config.SIP_OUTBOUND_TRANSPORT];
  const wanted = {
    address: target.address,
    numbers: [config.SIP_OUTBOUND_NUMBER],
    transport,
    authUsername: config.SIP_OUTBOUND_AUTH_USERNAME ?? "",
    authPassword: config.SIP_OUTBOUND_AUTH_PASSWORD ?? "",
  };
  const existing = (await sip.listSipOutboundTrunk()).find((t) => t.name === target.trunkName);
  if (!existing) {
    const created = await sip.createSipOutboundTrunk(target.trunkName, wanted.address, wanted.numbers, {
      transport,
      ...(wanted.authUsername ? { authUsername: wanted.authUsername, authPassword: wanted.authPassword } : {}),
    });
    return created.sipTrunkId;
  }
  const same =
    existing.address === wanted.address &&
    existing.numbers.join(",") === wanted.numbers.join(",") &&
    existing.transport === wanted.transport &&
    existing.authUsername === wanted.authUsername &&
    existing.authPassword === wanted.authPassword;
  if (!same) await sip.updateSipOutboundTrunk(existing.sipTrunkId, new SIPOutboundTrunkInfo({ ...existing, ...wanted }));
  return existing.sipTrunkId;
}

/** What went wrong, in words an administrator can act on. */
export function dialFailure(error: unknown): string {
  if (error instanceof SipCallError && error.sipStatusCode) {
    const code = error.sipStatusCode;
    const what = code === 486 || code === 600 ? "busy" : code === 603 ? "declined" : code === 408 || code === 480 ? "no answer" : "refused";
    return `${what} (SIP ${code}${error.sipStatus ? ` ${error.sipStatus}` : ""})`;
  }
  if (error instanceof ServerError) return `${error.message || error.code || "error"} (LiveKit ${error.status}${error.code ? ` ${error.code}` : ""})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
