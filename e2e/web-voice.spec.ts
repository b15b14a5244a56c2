import { expect, test } from "@playwright/test";
import { agentAudioStats, fakeMicLaunchOptions, startAgentAudioMeter, startCall, storedTurns } from "./support/voice";

test.use({ launchOptions: fakeMicLaunchOptions("opening-hours-after-greeting.wav") });

test.describe("web voice turn through LiveKit and the agent worker", () => {
  test("greets, hears 'what are your opening hours', answers with the hours, stores the turns", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByTestId("agent-state")).toHaveText("idle");
    const roomName = await startCall(page);
    const transcript = page.getByTestId("transcript");

    await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });
    await startAgentAudioMeter(page);

    await expect(transcript.locator('[data-role="user"][data-final="true"]').first()).toContainText(
      "opening hours",
      { timeout: 40_000 },
    );
    await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Monday to Friday" })).toHaveCount(1, {
      timeout: 20_000,
    });
    await expect(page.getByTestId("agent-state")).toHaveText(/listening|speaking|thinking/);

    // The answer is really heard: the remote track carries speech, not silence.
    await expect.poll(async () => (await agentAudioStats(page)).loudMs, { timeout: 20_000 }).toBeGreaterThan(1000);
    expect((await agentAudioStats(page)).maxRms).toBeGreaterThan(0.02);

    await expect
      .poll(async () => (await storedTurns(roomName))?.turns.length ?? 0, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(3);
    const stored = await storedTurns(roomName);
    expect(stored?.channel).toBe("web");
    const roles = stored?.turns.map((t) => t.role);
    expect(roles?.slice(0, 3)).toEqual(["agent", "user", "agent"]);
    expect(stored?.turns[1]?.text).toContain("opening hours");
    expect(stored?.turns[2]?.text).toContain("Monday to Friday");
  });
});
