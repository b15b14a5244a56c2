import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import pg from "pg";
import { expect, test } from "@playwright/test";
import { routeTokensToAgent } from "./support/explicit-dispatch";
import { fakeMicLaunchOptions, startCall } from "./support/voice";

test.use({ launchOptions: fakeMicLaunchOptions("opening-hours-after-greeting.wav") });

/** The worker serving these rooms: its status port (active jobs) and its log. */
const workerPort = Number(process.env.E2E_WORKER_HTTP_PORT ?? 8081);
const workerLog = resolve(process.env.E2E_WORKER_LOG ?? ".data/logs/worker.log");

interface StoredEnd {
  endedAt: Date | null;
  outcome: string | null;
  endReason: string | null;
  callerLeftAt: Date | null;
  turns: { role: string; text: string; interrupted: boolean }[];
}

async function storedEnd(roomName: string): Promise<StoredEnd | null> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable" });
  await client.connect();
  try {
    const conv = await client.query<{ id: string; ended_at: Date | null; outcome: string | null; end_reason: string | null; caller_left_at: Date | null }>(
      "select id, ended_at, outcome, end_reason, caller_left_at from conversations where room_name = $1",
      [roomName],
    );
    const row = conv.rows[0];
    if (!row) return null;
    const turns = await client.query<{ role: string; text: string; interrupted: boolean }>("select role, text, interrupted from turns where conversation_id = $1 order by seq", [row.id]);
    return { endedAt: row.ended_at, outcome: row.outcome, endReason: row.end_reason, callerLeftAt: row.caller_left_at, turns: turns.rows };
  } finally {
    await client.end();
  }
}

async function activeJobs(): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${workerPort}/worker`);
  return ((await res.json()) as { active_jobs: number }).active_jobs;
}

test("closing the page mid-answer ends the conversation at once: abandoned, the partial answer kept as interrupted, the job freed", async ({ page }) => {
  await routeTokensToAgent(page);
  await page.goto("/");
  const roomName = await startCall(page);
  const transcript = page.getByTestId("transcript");
  await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });
  await expect(transcript.locator('[data-role="user"][data-final="true"]').first()).toContainText("opening hours", { timeout: 40_000 });
  // The answer has started (its first sentence is on screen as it is spoken) and is still being spoken.
  const answer = transcript.locator('[data-role="agent"]').nth(1);
  await expect(answer).not.toBeEmpty({ timeout: 20_000 });
  await page.waitForTimeout(1_000);
  await expect(answer).toHaveAttribute("data-final", "false");

  const closedAt = Date.now();
  await page.close();

  await expect.poll(async () => (await storedEnd(roomName))?.endedAt ?? null, { timeout: 3_000, intervals: [100] }).not.toBeNull();
  const endedWithinMs = Date.now() - closedAt;
  const stored = (await storedEnd(roomName))!;
  expect(stored.outcome).toBe("abandoned");
  expect(stored.endReason).toBe("caller left");
  expect(stored.callerLeftAt).not.toBeNull();
  const partial = stored.turns.at(-1)!;
  expect(partial).toMatchObject({ role: "agent", interrupted: true });
  expect(partial.text.length).toBeGreaterThan(0);
  expect(stored.turns.some((t) => /still there/i.test(t.text))).toBe(false);
  const leaveToEndMs = stored.endedAt!.getTime() - stored.callerLeftAt!.getTime();

  // The job ends: the worker reports no job in flight and its log has the room's ending.
  await expect.poll(activeJobs, { timeout: 2_500, intervals: [100] }).toBe(0);
  const jobFreedWithinMs = Date.now() - closedAt;
  const lines = readFileSync(workerLog, "utf8").split("\n").filter((line) => line.includes(roomName));
  expect(lines.some((line) => line.includes('"msg":"conversation ended"'))).toBe(true);
  console.log(JSON.stringify({ roomName, endedWithinMs, leaveToEndMs, jobFreedWithinMs, spokenChars: partial.text.length }));
});
