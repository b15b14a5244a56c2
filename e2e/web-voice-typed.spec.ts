import { expect, test } from "@playwright/test";
import { fakeMicLaunchOptions, startCall, storedTurns } from "./support/voice";

test.use({ launchOptions: fakeMicLaunchOptions("silence.wav") });

test("typed text during a voice call is answered by the agent in the same conversation", async ({ page }) => {
  await page.goto("/");
  const roomName = await startCall(page);
  const transcript = page.getByTestId("transcript");
  await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });
  await page.getByTestId("chat-input").fill("where are you");
  await page.getByTestId("chat-send").click();
  await expect(transcript.locator('[data-role="user"]')).toHaveText(["where are you"], { timeout: 15_000 });
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Harbor Street" })).toHaveCount(1, { timeout: 20_000 });
  await expect.poll(async () => (await storedTurns(roomName))?.turns.map((t) => t.role).join(","), { timeout: 20_000 }).toBe("agent,user,agent");
});
