import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { callerAudio, refusedCallerXml, rtpReceiver, runSipp, runSippScenario } from "./support/sipp";

/**
 * A real SIP caller (Debian's sipp) dials the SIP bridge: G.711 RTP of a
 * flite-spoken question goes in, the agent's RTP comes back and is metered.
 * The bridge is part of the stack `npm test` starts, so these never skip: a
 * bridge that is down fails them with the health report.
 */
test.describe.configure({ mode: "serial" });

const PUBLIC_URL = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";
const SIP_SERVER = `127.0.0.1:${process.env.SIP_PORT ?? 5060}`;
const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";
const ADMIN = `Basic ${Buffer.from(`${process.env.ADMIN_EMAIL ?? "admin@example.com"}:${process.env.ADMIN_PASSWORD ?? "change-me-now"}`).toString("base64")}`;
const workDir = resolve("test-results", "sip");
// The phone greeting offers the keypad menu (~13 s with flite): the caller speaks after it.
const GREETING_WAIT_MS = 15000;
/** A voice the web fixtures (slt) do not use. */
const CALLER_VOICE = "rms";

test.beforeAll(async () => {
  const health = (await (await fetch(`${PUBLIC_URL}/api/health`)).json()) as { sip: string };
  expect(health.sip, `SIP bridge health: ${JSON.stringify(health)}`).toBe("ok");
  mkdirSync(workDir, { recursive: true });
});

const said = (text: string, name: string, trailMs: number) =>
  callerAudio(text, { name, workDir, voice: CALLER_VOICE, leadMs: GREETING_WAIT_MS, trailMs });

interface StoredPhoneCall {
  id: string;
  channel: string;
  caller_number: string | null;
  outcome: string | null;
  turns: { role: string; text: string }[];
}

async function latestPhoneCall(callerNumber: string): Promise<StoredPhoneCall | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const conv = await client.query<Omit<StoredPhoneCall, "turns">>(
      "select id, channel, caller_number, outcome from conversations where channel = 'phone' and caller_number like $1 order by started_at desc limit 1",
      [`%${callerNumber.replace(/^\+/, "")}%`],
    );
    const row = conv.rows[0];
    if (!row) return null;
    const turns = await client.query<{ role: string; text: string }>("select role, text from turns where conversation_id = $1 order by seq", [row.id]);
    return { ...row, turns: turns.rows };
  } finally {
    await client.end();
  }
}

async function provision(body: object): Promise<Response> {
  return fetch(`${PUBLIC_URL}/api/admin/sip/provision`, {
    method: "POST",
    headers: { authorization: ADMIN, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("a SIP caller hears the greeting, asks by voice, and hears the answer", async () => {
  const question = said("what are your opening hours", "opening-hours", 12000);
  const rx = await rtpReceiver();
  try {
    const call = runSipp(
      { to: "agent", from: "15550177", wav: question.file, pauseMs: 0, holdMs: question.durationMs },
      rx.port,
      SIP_SERVER,
      workDir,
    );
    // The greeting arrives before the caller speaks.
    await expect.poll(() => rx.audio.loudAt.length, { timeout: 20_000, message: "greeting RTP" }).toBeGreaterThan(25);
    const answeredAt = rx.audio.firstAt!;
    const greetingAfterAnswerMs = rx.audio.loudAt[0]! - answeredAt;
    const result = await call;
    expect(result.code, result.output.slice(-2000)).toBe(0);
    const speechEnd = answeredAt + question.speechEndMs;
    const reply = rx.audio.loudAt.filter((t) => t > speechEnd);
    expect(reply.length * 20, "ms of answer audio").toBeGreaterThan(1000);
    console.log(JSON.stringify({ greetingAfterAnswerMs, voiceToVoiceAtPeerMs: reply[0]! - speechEnd, maxRms: rx.audio.maxRms, packets: rx.audio.packets }));
    expect(greetingAfterAnswerMs, "greeting within 1.5 s of answer").toBeLessThan(1500);
  } finally {
    rx.close();
  }
  await expect.poll(async () => (await latestPhoneCall("15550177"))?.outcome, { timeout: 20_000 }).toBeTruthy();
  const stored = await latestPhoneCall("15550177");
  expect(stored?.channel).toBe("phone");
  expect(stored?.caller_number).toContain("15550177");
  expect(stored?.turns.some((t) => t.role === "user" && /opening hours/i.test(t.text)), JSON.stringify(stored?.turns)).toBe(true);
  expect(stored?.turns.some((t) => t.role === "agent" && /monday/i.test(t.text))).toBe(true);
});

test("keypad digits (RFC 4733) answer the order-number question", async () => {
  const question = said("what is the status of my order", "order-status", 1000);
  const digits = ["4", "2", "7", "1", "pound"].map((d) => `/usr/share/sip-tester/dtmf_2833_${d}.pcap`);
  const rx = await rtpReceiver();
  try {
    const result = await runSipp(
      { to: "agent", from: "15550178", wav: question.file, pauseMs: question.durationMs, holdMs: 12000, dtmfPcaps: digits },
      rx.port,
      SIP_SERVER,
      workDir,
    );
    expect(result.code, result.output.slice(-2000)).toBe(0);
  } finally {
    rx.close();
  }
  await expect.poll(async () => (await latestPhoneCall("15550178"))?.outcome, { timeout: 20_000 }).toBeTruthy();
  const stored = await latestPhoneCall("15550178");
  expect(stored?.turns.filter((t) => t.role === "user").map((t) => t.text)).toContain("4271");
  expect(stored?.turns.some((t) => t.role === "agent" && /shipped/i.test(t.text)), JSON.stringify(stored?.turns)).toBe(true);
});

test("asking for a person sends a SIP REFER to the transfer target; the accepted transfer is stored", async () => {
  const question = said("I would like to speak to a real person please", "transfer", 25000);
  const rx = await rtpReceiver();
  let messages = "";
  try {
    const result = await runSipp(
      { to: "agent", from: "15550179", wav: question.file, pauseMs: 0, holdMs: question.durationMs, referOutcome: 200 },
      rx.port,
      SIP_SERVER,
      workDir,
    );
    messages = result.messages;
    expect(result.code, result.output.slice(-2000)).toBe(0);
  } finally {
    rx.close();
  }
  const refer = messages.split(/\n(?=-{5,})/).find((m) => /^REFER sip:/m.test(m));
  expect(refer, "a REFER reached the caller's side").toBeTruthy();
  const target = (process.env.SIP_TRANSFER_TO ?? "tel:+15550100").replace(/^tel:/, "");
  expect(refer).toMatch(new RegExp(`Refer-To:.*${target.replace(/[+]/g, "\\+")}`, "i"));
  await expect.poll(async () => (await latestPhoneCall("15550179"))?.outcome, { timeout: 30_000 }).toBe("transferred");
});

test("a caller the trunk does not allow is refused with a SIP error and never reaches a room", async () => {
  const restrict = await provision({ allowedAddresses: ["203.0.113.7/32"] });
  expect(restrict.status, await restrict.text()).toBe(200);
  try {
    const rx = await rtpReceiver();
    try {
      const result = await runSippScenario(refusedCallerXml("agent", "15550180", rx.port), SIP_SERVER, workDir);
      expect(result.messages).toMatch(/SIP\/2\.0 (401|403|404|407|486|488|503|603) /);
      expect(result.messages).not.toMatch(/SIP\/2\.0 200 OK[\s\S]*CSeq: 1 INVITE/);
      expect(rx.audio.packets, "no media for a refused call").toBe(0);
    } finally {
      rx.close();
    }
    expect(await latestPhoneCall("15550180")).toBeNull();
  } finally {
    // Back to the env's settings (this machine's own addresses).
    const restore = await provision({});
    expect(restore.status).toBe(200);
  }
});
