import { expect, test } from "@playwright/test";
import { fakeMicLaunchOptions, startCall, storedTurns } from "./support/voice";

test.use({ launchOptions: fakeMicLaunchOptions("silence.wav") });

test.describe("silent microphone (control)", () => {
  test("a silent mic produces the greeting and no user turn", async ({ page }) => {
    await page.goto("/");
    const roomName = await startCall(page);
    const transcript = page.getByTestId("transcript");
    await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });
    // Longer than the voiced fixture needs to produce its user turn.
    await page.waitForTimeout(12_000);
    await expect(transcript.locator('[data-role="user"]')).toHaveCount(0);
    const stored = await storedTurns(roomName);
    expect(stored?.turns.filter((t) => t.role === "user")).toEqual([]);
    expect(stored?.turns.filter((t) => t.role === "agent").length).toBe(1);
  });
});
