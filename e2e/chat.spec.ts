import { expect, test } from "@playwright/test";
import pg from "pg";

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable" });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Parses an SSE body into its events. */
function sseEvents(body: string): { type: string; [k: string]: unknown }[] {
  return body
    .split("\n\n")
    .map((frame) => frame.split("\n").find((l) => l.startsWith("data: ")))
    .filter((l): l is string => Boolean(l))
    .map((l) => JSON.parse(l.slice(6)) as { type: string });
}

test("POST /api/chat streams deltas and ends with the conversationId; the next turn continues it", async ({ request }) => {
  const first = await request.post("/api/chat", { data: { message: "what are your opening hours?" } });
  expect(first.status()).toBe(200);
  expect(first.headers()["content-type"]).toContain("text/event-stream");
  const events = sseEvents(await first.text());
  const deltas = events.filter((e) => e.type === "delta").map((e) => e.text).join("");
  expect(deltas).toContain("Mon–Fri");
  const done = events.at(-1);
  expect(done?.type).toBe("done");
  const conversationId = done?.conversationId as string;
  expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

  const second = await request.post("/api/chat", { data: { conversationId, message: "how much does delivery cost" } });
  const secondEvents = sseEvents(await second.text());
  expect(secondEvents.at(-1)?.conversationId).toBe(conversationId);
  const answer = secondEvents.filter((e) => e.type === "delta").map((e) => e.text).join("");
  expect(answer).toContain("(Source:");

  const turns = await query<{ role: string; text: string }>("select t.role, t.text from turns t join conversations c on c.id = t.conversation_id where c.id = $1 and c.channel = 'chat' order by seq", [conversationId]);
  expect(turns.map((t) => t.role)).toEqual(["user", "agent", "user", "agent"]);
});

test("bad chat input gets a 400 with a reason", async ({ request }) => {
  const empty = await request.post("/api/chat", { data: { message: "  " } });
  expect(empty.status()).toBe(400);
  expect((await empty.json()).error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/message/) });
  const badId = await request.post("/api/chat", { data: { conversationId: "not-a-uuid", message: "hi" } });
  expect(badId.status()).toBe(400);
  const unknown = await request.post("/api/chat", { data: { conversationId: "00000000-0000-4000-8000-000000000000", message: "hi" } });
  expect(unknown.status()).toBe(404);
});

test("a chat with a card number, an SSN and an email stores none of them", async ({ request }) => {
  const res = await request.post("/api/chat", {
    data: { message: "my card is 4111 1111 1111 1111, ssn 123-45-6789 and email jane.doe@example.com, please help" },
  });
  const conversationId = sseEvents(await res.text()).at(-1)?.conversationId as string;
  const rows = await query<{ text: string }>("select text from turns where conversation_id = $1", [conversationId]);
  const state = await query<{ state: unknown; handoff_summary: string | null }>("select state, handoff_summary from conversations where id = $1", [conversationId]);
  const stored = JSON.stringify([rows, state]);
  expect(rows.length).toBeGreaterThan(0);
  expect(stored).not.toMatch(/4111|123-45-6789|jane\.doe|example\.com/);
  expect(stored).toContain("[redacted card]");
});

test("the widget's chat box answers typed questions", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("chat-input").fill("where are you located?");
  await page.getByTestId("chat-send").click();
  const transcript = page.getByTestId("transcript");
  await expect(transcript.locator('[data-role="user"]').last()).toHaveText("where are you located?");
  await expect(transcript.locator('[data-role="agent"]').last()).toContainText("12 Harbor Street");
});
