import { randomUUID } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { env } from "../env";

/**
 * A visit gets its own room and a short-lived token that can only join it.
 * The API secret never leaves the server; LiveKit dispatches the agent to the
 * new room as soon as it is created.
 */
export async function mintVisitorToken(): Promise<{ url: string; token: string; roomName: string; identity: string }> {
  const config = env();
  const roomName = `web-${randomUUID()}`;
  const identity = `visitor-${randomUUID().slice(0, 8)}`;
  const token = new AccessToken(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET, {
    identity,
    name: "Website visitor",
    ttl: "15m",
  });
  token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true });
  return { url: publicLivekitUrl(config.LIVEKIT_URL), token: await token.toJwt(), roomName, identity };
}

/** The browser reaches LiveKit at the same host it reached the page when LiveKit runs locally. */
function publicLivekitUrl(url: string): string {
  return env().LIVEKIT_PUBLIC_URL ?? url;
}
