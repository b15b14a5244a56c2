import { randomInt, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import pg from "pg";
import { fakeMicLaunchOptions, startCall, storedTurns } from "./support/voice";

/**
 * The admin dashboard against the running stack: its own data (a voice-like
 * conversation written straight to Postgres, a real chat turn, and — when the
 * agent worker is up — a real web voice call), viewed through the UI.
 * Screenshots land in test-results/screenshots/.
 */
const EMAIL = process.env.ADMIN_EMAIL ?? "admin@example.com";
const PASSWORD = process.env.ADMIN_PASSWORD ?? "change-me-now";
const SHOTS = "test-results/screenshots";
const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";

test.use({ launchOptions: fakeMicLaunchOptions("opening-hours.wav"), viewport: { width: 1440, height: 1000 } });

/** Letters only, so Postgres full-text search keeps it as one lexeme. */
function uniqueWord(prefix: string): string {
  return prefix + Array.from({ length: 10 }, () => String.fromCharCode(97 + randomInt(26))).join("");
}

async function login(page: Page) {
  await page.goto("/admin/conversations");
  await expect(page).toHaveURL(/\/admin\/login/);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin\/conversations$/);
  await expect(page.getByTestId("admin-email")).toHaveText(EMAIL.toLowerCase());
}

/** A transferred web voice conversation with latencies, a redaction and a tool call. */
async function insertVoiceConversation(word: string): Promise<string> {
  const client = new pg.Client({ connectionString: DATABASE_URL, options: "-c TimeZone=UTC" });
  await client.connect();
  try {
    const id = randomUUID();
    const start = Date.now() - 60_000;
    const at = (s: number) => new Date(start + s * 1000).toISOString();
    await client.query(
      `insert into conversations (id, channel, direction, room_name, started_at, ended_at, outcome, handoff_summary)
       values ($1, 'web', 'inbound', $2, $3, $4, 'transferred', $5)`,
      [id, `e2e-admin-${id}`, at(0), at(40), `Caller wants a table for eight (${word}); card already taken, do not ask again.`],
    );
    const turns: [string, string, (number | null)[]][] = [
      ["agent", "Hello! Thanks for calling Harbor Cafe. How can I help you today?", [null, null, null, 180, null]],
      ["user", `I'd like to book a table for eight, reference ${word}`, [420, 150, 390, 170, 1190]],
      ["agent", "For groups of eight I'll connect you with our host.", [null, null, null, null, null]],
      ["user", "My card is [redacted card] for the deposit.", [380, 210, 450, 160, 1280]],
      ["agent", "Thanks, transferring you now.", [null, null, null, null, null]],
    ];
    let seq = 0;
    for (const [role, text, [eot, stt, llm, tts, v2v]] of turns) {
      seq += 1;
      await client.query(
        `insert into turns (id, conversation_id, seq, role, text, intent, started_at,
           end_of_turn_ms, stt_ms, llm_first_token_ms, tts_first_byte_ms, voice_to_voice_ms, text_search)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, to_tsvector('english', $5))`,
        [randomUUID(), id, seq, role, text, role === "user" ? "reservation" : null, at(seq * 6), eot, stt, llm, tts, v2v],
      );
    }
    await client.query(
      `insert into tool_calls (id, conversation_id, name, arguments, result, started_at, duration_ms)
       values ($1, $2, 'transfer_to_human', $3, $4, $5, 42)`,
      [randomUUID(), id, JSON.stringify({ reason: "large group" }), JSON.stringify({ transferred: true }), at(25)],
    );
    return id;
  } finally {
    await client.end();
  }
}

/** A real typed-chat turn through POST /api/chat; returns its conversation id. */
async function chatOnce(request: APIRequestContext, message: string): Promise<string> {
  const response = await request.post("/api/chat", { data: { message } });
  expect(response.ok()).toBe(true);
  const match = /"conversationId":"([0-9a-f-]{36})"/.exec(await response.text());
  expect(match).not.toBeNull();
  return match![1]!;
}

test.describe("admin dashboard", () => {
  test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  test("log in, find and open conversations, view live and metrics, log out", async ({ page, request }) => {
    const word = uniqueWord("quokka");
    const voiceId = await insertVoiceConversation(word);
    const chatId = await chatOnce(request, "what are your opening hours");

    await login(page);
    const rows = page.getByTestId("conversation-row");
    await expect(rows.first()).toBeVisible();
    await expect(page.locator(`[data-testid="conversation-row"][data-id="${chatId}"]`)).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/admin-list.png`, fullPage: true });

    // Full-text search finds the voice conversation by a word said in it.
    await page.getByTestId("search-input").fill(word);
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute("data-id", voiceId);

    // Channel filter: the chat conversation is listed under chat.
    await page.goto("/admin/conversations?channel=chat");
    await expect(page.locator(`[data-testid="conversation-row"][data-id="${chatId}"]`)).toBeVisible();
    await expect(page.locator(`[data-testid="conversation-row"][data-id="${voiceId}"]`)).toHaveCount(0);

    // Detail: transcript, redaction, tool call, handoff summary, latency chart.
    await page.goto(`/admin/conversations?q=${word}`);
    await rows.first().getByRole("link").click();
    await expect(page).toHaveURL(new RegExp(`/admin/conversations/${voiceId}$`));
    const turns = page.getByTestId("admin-turn");
    await expect(turns).toHaveCount(5);
    await expect(turns.nth(1)).toHaveAttribute("data-role", "user");
    await expect(turns.nth(1)).toContainText(word);
    await expect(page.getByTestId("redaction")).toHaveText("redacted card");
    await expect(page.getByTestId("tool-call")).toContainText("transfer_to_human");
    await expect(page.getByTestId("handoff-summary")).toContainText(word);
    const chart = page.getByTestId("latency-chart");
    await expect(chart).toBeVisible();
    await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
    await page.screenshot({ path: `${SHOTS}/admin-detail.png`, fullPage: true });

    // The chat conversation's detail shows its real turns.
    await page.goto(`/admin/conversations/${chatId}`);
    await expect(page.locator('[data-testid="admin-turn"][data-role="user"]').first()).toContainText("opening hours");
    await expect(page.locator('[data-testid="admin-turn"][data-role="agent"]').first()).toBeVisible();

    await page.getByRole("link", { name: "Live" }).click();
    await expect(page.getByTestId("live-rooms")).toHaveAttribute("data-loaded", "true");
    await page.screenshot({ path: `${SHOTS}/admin-live.png`, fullPage: true });

    await page.getByRole("link", { name: "Metrics" }).click();
    await expect(page.getByTestId("chart-per-day").locator(".recharts-bar-rectangle").first()).toBeVisible();
    await expect(page.getByTestId("chart-v2v").locator(".recharts-line-dot").first()).toBeVisible();
    await expect(page.getByTestId("metrics-tiles")).toContainText("Containment");
    await page.screenshot({ path: `${SHOTS}/admin-metrics.png`, fullPage: true });

    await page.getByRole("link", { name: "Settings" }).click();
    await expect(page.getByTestId("status-sip-trunk")).toHaveText(/^(ok|down|disabled)$/);
    await page.screenshot({ path: `${SHOTS}/admin-settings.png`, fullPage: true });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/admin\/login/);
    await page.goto("/admin/metrics");
    await expect(page).toHaveURL(/\/admin\/login/);
  });

  test("a real web voice call shows up live, then with its turns and latency", async ({ browser, page, request }) => {
    const health = (await (await request.get("/api/health")).json()) as { livekit?: string; worker?: string };
    test.skip(health.livekit !== "ok" || health.worker !== "ok", "needs LiveKit and an agent worker (npm test starts both)");

    await page.goto("/");
    const roomName = await startCall(page);
    await expect(page.getByTestId("transcript").locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 30_000 });

    // While the call runs, the live view lists its room with the visitor and the agent.
    const admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    await login(admin);
    await admin.goto("/admin/live");
    const room = admin.getByTestId("live-room").filter({ hasText: roomName });
    await expect(room).toBeVisible({ timeout: 15_000 });
    await expect(room.locator('[data-kind="visitor"]')).toHaveCount(1);
    await expect(room.locator('[data-kind="agent"]')).toHaveCount(1);
    await admin.screenshot({ path: `${SHOTS}/admin-live-call.png`, fullPage: true });

    await expect(page.getByTestId("transcript").locator('[data-role="agent"]').filter({ hasText: "Monday to Friday" })).toHaveCount(1, {
      timeout: 60_000,
    });
    await expect.poll(async () => (await storedTurns(roomName))?.turns.length ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);

    const list = await admin.request.get("/api/admin/conversations?channel=web&pageSize=20");
    expect(list.ok()).toBe(true);
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const id = (await client.query<{ id: string }>("select id from conversations where room_name = $1", [roomName])).rows[0]?.id;
    await client.end();
    expect(id).toBeDefined();

    await admin.goto(`/admin/conversations/${id}`);
    await expect(admin.locator('[data-testid="admin-turn"][data-role="user"]').first()).toContainText("opening hours");
    await expect(admin.locator('[data-testid="admin-turn"][data-role="agent"]').filter({ hasText: "Monday to Friday" })).toHaveCount(1);
    await expect(admin.getByTestId("latency-chart")).toBeVisible();
    await admin.screenshot({ path: `${SHOTS}/admin-detail-voice.png`, fullPage: true });
    await admin.context().close();
  });
});
