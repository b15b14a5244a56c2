import { writeFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { rtpReceiver } from "./support/sipp";
import { runSippUas } from "./support/sipp-callee";

/**
 * Outbound calls through the real SIP bridge: POST /api/admin/calls dials the
 * outbound trunk's address, where sipp plays the callee (a UAS that answers,
 * streams line audio and hangs up — or refuses). The agent's RTP is metered
 * here: its opening must be heard, and the call stored as an outbound phone
 * conversation. Needs the bridge running (npm start builds it).
 */
test.describe.configure({ mode: "serial" });

const PUBLIC_URL = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";
const OUTBOUND_ADDRESS = process.env.SIP_OUTBOUND_ADDRESS ?? "127.0.0.1:5070";
const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";
const EMAIL = process.env.ADMIN_EMAIL ?? "admin@example.com";
const PASSWORD = process.env.ADMIN_PASSWORD ?? "change-me-now";
const auth = { authorization: `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString("base64")}` };
const workDir = resolve("test-results", "sip-outbound");

/** 20 s of μ-law silence (0xFF): the callee's line carries RTP, so the bridge's media watchdog stays quiet. */
function lineSilence(): string {
  mkdirSync(workDir, { recursive: true });
  const file = join(workDir, "silence-8k.ul");
  writeFileSync(file, Buffer.alloc(8000 * 20, 0xff));
  return file;
}

async function storedConversation(id: string) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const conv = await client.query<{ channel: string; direction: string; caller_number: string | null; purpose: string | null; outcome: string | null; end_reason: string | null; room_name: string }>(
      "select channel, direction, caller_number, purpose, outcome, end_reason, room_name from conversations where id = $1",
      [id],
    );
    const row = conv.rows[0];
    if (!row) return null;
    const turns = await client.query<{ role: string; text: string }>("select role, text from turns where conversation_id = $1 order by seq", [id]);
    const rows = await client.query<{ n: string }>("select count(*) as n from conversations where room_name = $1", [row.room_name]);
    return { ...row, turns: turns.rows, rowsForRoom: Number(rows.rows[0]?.n ?? 0) };
  } finally {
    await client.end();
  }
}

test("an answered outbound call: the callee hears the agent open with the purpose, stored as an outbound phone conversation", async ({ request }) => {
  const rx = await rtpReceiver();
  const callee = runSippUas({ status: 200, ringMs: 1000, wav: lineSilence(), holdMs: 14_000 }, rx.port, OUTBOUND_ADDRESS, workDir);
  try {
    await new Promise((r) => setTimeout(r, 500)); // sipp is listening
    const response = await request.post(`${PUBLIC_URL}/api/admin/calls`, {
      headers: auth,
      data: { to: "+15550199", purpose: "your order 4271, which is ready for pickup" },
    });
    expect(response.status(), await response.text()).toBe(202);
    const { conversationId } = (await response.json()) as { conversationId: string };
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);

    // The opening (~10 s of speech) reaches the callee as non-silent PCMU.
    await expect.poll(() => rx.audio.loudAt.length, { timeout: 30_000, message: "agent RTP at the callee" }).toBeGreaterThan(50);
    const result = await callee.done;
    expect(result.code, result.output.slice(-2000)).toBe(0);
    console.log(JSON.stringify({ packets: rx.audio.packets, loudPackets: rx.audio.loudAt.length, maxRms: rx.audio.maxRms }));

    await expect.poll(async () => (await storedConversation(conversationId))?.outcome ?? null, { timeout: 30_000, message: "call ended" }).not.toBeNull();
    const stored = (await storedConversation(conversationId))!;
    expect(stored).toMatchObject({ channel: "phone", direction: "outbound", caller_number: "+15550199", purpose: "your order 4271, which is ready for pickup" });
    expect(stored.rowsForRoom).toBe(1);
    expect(stored.turns[0]).toMatchObject({ role: "agent", text: expect.stringMatching(/calling about your order 4271, which is ready for pickup/) });
    // The callee hung up after listening: an ordinary end, not a failure.
    expect(["completed", "abandoned"]).toContain(stored.outcome);

    const detail = await request.get(`${PUBLIC_URL}/api/admin/conversations/${conversationId}`, { headers: auth });
    expect(detail.status()).toBe(200);
    expect(await detail.json()).toMatchObject({ id: conversationId, channel: "phone", direction: "outbound" });
  } finally {
    callee.stop();
    rx.close();
  }
});

test("a busy callee: the call is stored as failed, with the reason", async ({ request }) => {
  const rx = await rtpReceiver();
  const callee = runSippUas({ status: 486, ringMs: 500, holdMs: 0 }, rx.port, OUTBOUND_ADDRESS, workDir);
  try {
    await new Promise((r) => setTimeout(r, 500));
    const response = await request.post(`${PUBLIC_URL}/api/admin/calls`, { headers: auth, data: { to: "+15550198", purpose: "a reminder of your reservation tonight" } });
    // Dialled without waiting for the answer: accepted, and the refusal shows on the conversation.
    expect(response.status(), await response.text()).toBe(202);
    const { conversationId } = (await response.json()) as { conversationId: string };
    await expect.poll(async () => (await storedConversation(conversationId))?.outcome ?? null, { timeout: 60_000 }).toBe("failed");
    const stored = (await storedConversation(conversationId))!;
    expect(stored.direction).toBe("outbound");
    expect(stored.end_reason).toBeTruthy();
    console.log(JSON.stringify({ endReason: stored.end_reason }));
  } finally {
    callee.stop();
    rx.close();
  }
});
