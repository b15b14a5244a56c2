import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";
import { env } from "../env";
import { mintVisitorToken, VISIT_RESUMED_ATTRIBUTE } from "./web-token";

async function claims(token: string) {
  const config = env();
  return new TokenVerifier(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET).verify(token);
}

describe("visitor tokens", () => {
  it("join one room, publish the microphone only, and say nothing of a resume for a new visit", async () => {
    const minted = await mintVisitorToken();
    const grant = await claims(minted.token);
    expect(grant.video?.room).toBe(minted.roomName);
    expect(grant.video?.canPublishSources).toEqual(["microphone"]);
    expect(grant.video?.canUpdateOwnMetadata).toBe(false);
    expect(grant.attributes?.[VISIT_RESUMED_ATTRIBUTE]).toBeUndefined();
  });

  it("tell the agent that a reload's conversation continues in the named room", async () => {
    const minted = await mintVisitorToken({ roomName: "web-reloaded", resumed: true });
    const grant = await claims(minted.token);
    expect(minted.roomName).toBe("web-reloaded");
    expect(grant.video?.room).toBe("web-reloaded");
    expect(grant.attributes?.[VISIT_RESUMED_ATTRIBUTE]).toBe("true");
  });
});
