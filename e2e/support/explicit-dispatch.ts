import { randomUUID } from "node:crypto";
import { AccessToken, RoomAgentDispatch, RoomConfiguration, TrackSource } from "livekit-server-sdk";
import type { Page } from "@playwright/test";

/**
 * With E2E_AGENT_NAME set, the page's voice rooms are dispatched explicitly to
 * that agent (a worker started with AGENT_NAME, e.g. a developer's own next to
 * a running stack): /api/token is answered here with a visitor token whose room
 * names the agent (the app's own answer otherwise kept). Unset (npm test), the app's own token route is used.
 */
export async function routeTokensToAgent(page: Page): Promise<void> {
  const agentName = process.env.E2E_AGENT_NAME;
  if (!agentName) return;
  await page.route("**/api/token", async (route) => {
    // The app's own answer (its room, resume ticket, whether a reload was resumed), with a token for that room that names the agent.
    const answer = (await (await route.fetch()).json()) as { roomName: string };
    const roomName = answer.roomName;
    const token = new AccessToken(process.env.LIVEKIT_API_KEY ?? "devkey", process.env.LIVEKIT_API_SECRET ?? "secret", {
      identity: `visitor-${randomUUID().slice(0, 8)}`,
      name: "Website visitor",
      ttl: "300s",
    });
    token.addGrant({ roomJoin: true, room: roomName, canPublish: true, canPublishSources: [TrackSource.MICROPHONE], canSubscribe: true, canPublishData: true });
    token.roomConfig = new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName })] });
    const url = process.env.LIVEKIT_PUBLIC_URL ?? process.env.LIVEKIT_URL ?? "ws://127.0.0.1:7880";
    await route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ ...answer, url, token: await token.toJwt() }) });
  });
}
