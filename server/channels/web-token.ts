import { randomUUID } from "node:crypto";
import { AccessToken, RoomAgentDispatch, RoomConfiguration, TrackSource } from "livekit-server-sdk";
import { env } from "../env";
import { mintResumeTicket } from "./resume-ticket";

/**
 * A visit gets its own room and a short-lived token that can only join it and
 * publish a microphone (no camera or screen share; data only for typed text on
 * the chat topic, never its own metadata). The API secret never leaves the
 * server; LiveKit dispatches the agent to the new room as soon as it is created.
 */
/** How long a visitor token can be used to join its room. */
export const VISITOR_TOKEN_TTL_MS = 5 * 60_000;

/** Set on a visitor whose token continues an earlier conversation (a reload): the agent reads it before greeting. */
export const VISIT_RESUMED_ATTRIBUTE = "visit.resumed";

/** A new visit's room: named before the token, so a reload's conversation can be moved to it first. */
export function newVisitorRoomName(): string {
  return `web-${randomUUID()}`;
}

export async function mintVisitorToken(
  options: { roomName?: string; resumed?: boolean } = {},
): Promise<{ url: string; token: string; roomName: string; identity: string; resume: string }> {
  const config = env();
  const roomName = options.roomName ?? newVisitorRoomName();
  const identity = `visitor-${randomUUID().slice(0, 8)}`;
  const token = new AccessToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity,
    name: "Website visitor",
    // Only to join: a connected client gets refreshed tokens from LiveKit itself.
    ttl: `${VISITOR_TOKEN_TTL_MS / 1000}s`,
  });
  // The visitor cannot change it (canUpdateOwnMetadata is off), so the agent may trust it.
  if (options.resumed) token.attributes = { [VISIT_RESUMED_ATTRIBUTE]: "true" };
  token.addGrant({
    roomJoin: true,
    room: roomName,
    canPublish: true,
    canPublishSources: [TrackSource.MICROPHONE],
    canSubscribe: true,
    canPublishData: true,
    canUpdateOwnMetadata: false,
  });
  // With explicit dispatch (AGENT_NAME) the room must name the agent, as the SIP dispatch rule does.
  if (config.AGENT_NAME) token.roomConfig = new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: config.AGENT_NAME })] });
  // Kept by the page so that a reload can continue this room's conversation (server/channels/resume-visit.ts).
  const resume = mintResumeTicket(roomName, config.LIVEKIT_API_SECRET);
  return { url: publicLivekitUrl(config.LIVEKIT_URL), token: await token.toJwt(), roomName, identity, resume };
}

/** The browser reaches LiveKit at the same host it reached the page when LiveKit runs locally. */
function publicLivekitUrl(url: string): string {
  return env().LIVEKIT_PUBLIC_URL ?? url;
}
