import pg from "pg";
import { expect, test } from "@playwright/test";
import { routeTokensToAgent } from "./support/explicit-dispatch";
import { fakeMicLaunchOptions, startCall, storedTurns } from "./support/voice";

test.use({ launchOptions: fakeMicLaunchOptions("silence.wav") });

async function conversationsOf(roomName: string): Promise<{ id: string; ended_at: Date | null }[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable" });
  await client.connect();
  try {
    return (await client.query<{ id: string; ended_at: Date | null }>("select id, ended_at from conversations where room_name = $1", [roomName])).rows;
  } finally {
    await client.end();
  }
}

test("a 5 s network loss is not an ending: LiveKit reconnects, the same conversation goes on", async ({ page, context }) => {
  await routeTokensToAgent(page);
  await page.goto("/");
  const roomName = await startCall(page);
  const transcript = page.getByTestId("transcript");
  await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });
  const [before] = await conversationsOf(roomName);
  expect(before).toBeDefined();

  await context.setOffline(true);
  await page.waitForTimeout(5_000);
  await context.setOffline(false);

  // Still the same call: a typed question is answered in the same room and conversation.
  await expect(page.getByTestId("agent-state")).not.toHaveText("idle", { timeout: 20_000 });
  await page.getByTestId("chat-input").fill("where are you");
  await page.getByTestId("chat-send").click();
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Harbor Street" })).toHaveCount(1, { timeout: 30_000 });
  // Answered by the agent in the room (stored there), not by a separate chat conversation.
  await expect.poll(async () => (await storedTurns(roomName))?.turns.some((t) => t.role === "agent" && /Harbor Street/.test(t.text)), { timeout: 20_000 }).toBe(true);
  const turns = (await storedTurns(roomName))!.turns;
  expect(turns.filter((t) => t.role === "user").map((t) => t.text)).toEqual(["where are you"]);
  const after = await conversationsOf(roomName);
  expect(after).toEqual([{ id: before!.id, ended_at: null }]);
});

test("a reload within the grace period continues the same conversation, transcript restored and welcomed back", async ({ page }) => {
  await routeTokensToAgent(page);
  await page.goto("/");
  const firstRoom = await startCall(page);
  const transcript = page.getByTestId("transcript");
  await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });
  await page.getByTestId("chat-input").fill("where are you");
  await page.getByTestId("chat-send").click();
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Harbor Street" })).toHaveCount(1, { timeout: 30_000 });
  // The caption shows a sentence as soon as it is written; the turn is stored once it has been spoken.
  // Reload only then: a reply cut off by the reload is kept as far as it was heard (maybe not this far).
  await expect.poll(async () => (await storedTurns(firstRoom))?.turns.some((t) => t.role === "agent" && /Harbor Street/.test(t.text)), { timeout: 30_000 }).toBe(true);
  const [first] = await conversationsOf(firstRoom);
  expect(first).toBeDefined();

  // The reload asks for a new room with the tab's resume ticket; the page connects by itself.
  const resumed = page.waitForResponse((r) => r.url().endsWith("/api/token") && r.ok(), { timeout: 30_000 });
  await page.reload();
  const body = (await (await resumed).json()) as { roomName: string; resumed?: boolean };
  expect(body.resumed).toBe(true);
  expect(body.roomName).not.toBe(firstRoom);

  // The transcript so far is shown again, and the agent picks up where the visitor was.
  await expect(transcript.locator('[data-role="user"]').first()).toHaveText("where are you", { timeout: 30_000 });
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Harbor Street" })).toHaveCount(1);
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: /Welcome back — you asked about "where are you"/ })).toHaveCount(1, { timeout: 30_000 });
  const moved = await conversationsOf(body.roomName);
  expect(moved).toEqual([{ id: first!.id, ended_at: null }]);
  expect(await conversationsOf(firstRoom)).toEqual([]);
});
