import { randomInt, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
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
const BASIC = { authorization: `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString("base64")}` };

test.use({ launchOptions: fakeMicLaunchOptions("opening-hours-after-greeting.wav"), viewport: { width: 1440, height: 1000 } });

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

/** The answer text of one /api/chat turn: its streamed `delta` events joined. */
async function chatAnswer(request: APIRequestContext, message: string): Promise<string> {
  const response = await request.post("/api/chat", { data: { message } });
  expect(response.ok()).toBe(true);
  return (await response.text())
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice("data: ".length)) as { type: string; text?: string })
    .filter((event) => event.type === "delta")
    .map((event) => event.text ?? "")
    .join("");
}

/**
 * A config file's bytes as this process sees them, when the app under test
 * runs from this checkout (npm test); undefined otherwise. Settings tests
 * check that they leave it exactly as they found it.
 */
function localFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
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

  test("edit a knowledge document in settings: the chat answers from it at once", async ({ page, request }) => {
    const slug = "reservations-and-events";
    const url = `/api/admin/knowledge/${slug}`;
    const original = ((await (await request.get(url, { headers: BASIC })).json()) as { content: string }).content;
    const title = /^# +(.+)$/m.exec(original)?.[1];
    const onDisk = localFile(`knowledge/${slug}.md`);
    const question = "when do the kayak tours start";
    expect(await chatAnswer(request, question)).not.toContain("noon");

    try {
      await login(page);
      await page.getByRole("link", { name: "Settings" }).click();
      const doc = page.locator(`[data-testid="knowledge-doc"][data-slug="${slug}"]`);
      await doc.locator("summary").click();
      const editor = doc.getByTestId("knowledge-content");
      await expect(editor).toHaveValue(original);
      await editor.fill(`${original.trimEnd()}\n\n## Harbour Kayak Tours\n\nOur harbour kayak tours start at the pier at noon.\n`);
      // The save goes through the session with its CSRF token, like every dashboard mutation.
      await doc.getByTestId("knowledge-save").click();
      await expect(doc.getByTestId("knowledge-status")).toHaveAttribute("data-state", "saved");
      await expect(doc.getByTestId("knowledge-status")).toContainText("re-indexed");
      await page.screenshot({ path: `${SHOTS}/admin-settings-knowledge.png`, fullPage: true });

      const answer = await chatAnswer(request, question);
      expect(answer).toContain("noon");
      expect(answer).toContain(`(Source: ${title})`);
    } finally {
      expect((await request.put(url, { headers: BASIC, data: { content: original } })).ok()).toBe(true);
    }
    expect(((await (await request.get(url, { headers: BASIC })).json()) as { content: string }).content).toBe(original);
    if (onDisk !== undefined) expect(readFileSync(`knowledge/${slug}.md`, "utf8")).toBe(onDisk);
    expect(await chatAnswer(request, question)).not.toContain("noon");
  });

  test("knowledge API: create, refuse bad input, delete; unknown slugs are 404", async ({ request }) => {
    const slug = `e2e-${randomUUID().slice(0, 8)}`;
    const url = `/api/admin/knowledge/${slug}`;
    const word = uniqueWord("okapi");
    expect((await request.get(url, { headers: BASIC })).status()).toBe(404);
    expect((await request.delete(url, { headers: BASIC })).status()).toBe(404);
    expect((await request.put("/api/admin/knowledge/Not_A_Slug", { headers: BASIC, data: { content: "# T\n" } })).status()).toBe(400);
    const untitled = await request.put(url, { headers: BASIC, data: { content: "no title line" } });
    expect(untitled.status()).toBe(400);
    expect(((await untitled.json()) as { error: { message: string } }).error.message).toMatch(/# Title/);
    const tooBig = await request.put(url, { headers: BASIC, data: { content: `# Big\n${"x".repeat(100 * 1024)}` } });
    expect(tooBig.status()).toBe(400);
    try {
      const created = await request.put(url, { headers: BASIC, data: { content: `# E2E Okapi Notes\n\nThe ${word} is our house okapi.\n` } });
      expect(created.status()).toBe(201);
      expect(await chatAnswer(request, `tell me about the ${word}`)).toContain("(Source: E2E Okapi Notes)");
    } finally {
      await request.delete(url, { headers: BASIC });
    }
    expect((await request.get(url, { headers: BASIC })).status()).toBe(404);
    expect(await chatAnswer(request, `tell me about the ${word}`)).not.toContain("E2E Okapi Notes");
  });

  test("the business profile greeting can be changed through the Admin API", async ({ request }) => {
    const url = "/api/admin/settings/business-profile";
    const original = (await (await request.get(url, { headers: BASIC })).json()) as Record<string, unknown>;
    const onDisk = localFile("config/business-profile.json");
    const greeting = `Ahoy! This is ${uniqueWord("e2e")} at Harbor Cafe. How can I help?`;

    try {
      const saved = await request.put(url, { headers: BASIC, data: { ...original, greeting } });
      expect(saved.status()).toBe(200);
      expect(((await saved.json()) as { greeting: string }).greeting).toBe(greeting);
      expect(((await (await request.get(url, { headers: BASIC })).json()) as { greeting: string }).greeting).toBe(greeting);

      // An invalid profile is refused field by field and changes nothing.
      const invalid = await request.put(url, { headers: BASIC, data: { ...original, greeting: "", intents: [] } });
      expect(invalid.status()).toBe(400);
      const { error } = (await invalid.json()) as { error: { issues: { path: (string | number)[] }[] } };
      expect(error.issues.map((issue) => issue.path.join("."))).toEqual(expect.arrayContaining(["greeting", "intents"]));
      expect(((await (await request.get(url, { headers: BASIC })).json()) as { greeting: string }).greeting).toBe(greeting);
    } finally {
      expect((await request.put(url, { headers: BASIC, data: original })).status()).toBe(200);
    }
    expect(await (await request.get(url, { headers: BASIC })).json()).toEqual(original);
    if (onDisk !== undefined) expect(readFileSync("config/business-profile.json", "utf8")).toBe(onDisk);
  });
});
