import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { rtpReceiver, runSipp } from "./support/sipp";

/**
 * A real SIP caller (sipp) dials the local livekit-sip bridge: G.711 RTP of a
 * flite-spoken question goes in, the agent's RTP comes back and is metered.
 * Needs the bridge: skipped, with the reason, when /api/health says sip is not ok.
 */
test.describe.configure({ mode: "serial" });

const PUBLIC_URL = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";
const SIP_SERVER = `127.0.0.1:${process.env.SIP_PORT ?? 5060}`;
const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";
const workDir = resolve("test-results", "sip");
const GREETING_WAIT_MS = 7000;

test.beforeAll(async () => {
  const health = (await (await fetch(`${PUBLIC_URL}/api/health`)).json()) as { sip: string };
  test.skip(health.sip !== "ok", `SIP bridge is ${health.sip} (livekit-sip not running)`);
  mkdirSync(workDir, { recursive: true });
});

/** The question as raw 8 kHz μ-law (no header for sipp's rtp_stream to play as audio), via Debian flite + sox. */
function questionWav(text: string, name: string): { file: string; durationMs: number } {
  const wide = join(workDir, `${name}-16k.wav`);
  const file = join(workDir, `${name}-8k.ul`);
  execFileSync("flite", ["-voice", "slt", "-t", text, "-o", wide]);
  execFileSync("sox", [wide, "-r", "8000", "-c", "1", "-t", "ul", file]);
  const seconds = Number(execFileSync("soxi", ["-D", wide], { encoding: "utf8" }).trim());
  return { file, durationMs: Math.round(seconds * 1000) };
}

async function latestPhoneCall(callerNumber: string) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const conv = await client.query<{ id: string; channel: string; caller_number: string; outcome: string | null }>(
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

test("a SIP caller hears the greeting, asks by voice, and hears the answer", async () => {
  const question = questionWav("what are your opening hours", "opening-hours");
  const rx = await rtpReceiver();
  try {
    const call = runSipp(
      { to: "agent", from: "15550177", wav: question.file, speakAfterMs: GREETING_WAIT_MS, holdMs: 15000 },
      rx.port,
      SIP_SERVER,
      workDir,
    );
    // The greeting arrives before the caller speaks.
    await expect.poll(() => rx.audio.loudAt.length, { timeout: 20_000, message: "greeting RTP" }).toBeGreaterThan(25);
    const answeredAt = rx.audio.loudAt[0]!;
    const result = await call;
    expect(result.code, result.output.slice(-2000)).toBe(0);
    const speechEnd = answeredAt + GREETING_WAIT_MS + question.durationMs;
    const reply = rx.audio.loudAt.filter((t) => t > speechEnd);
    expect(reply.length * 20, "ms of answer audio").toBeGreaterThan(1000);
    console.log(JSON.stringify({ voiceToVoiceAtPeerMs: reply[0]! - speechEnd, maxRms: rx.audio.maxRms, packets: rx.audio.packets }));
  } finally {
    rx.close();
  }
  const stored = await latestPhoneCall("15550177");
  expect(stored?.channel).toBe("phone");
  expect(stored?.caller_number).toContain("15550177");
  expect(stored?.turns.some((t) => t.role === "user" && /opening hours/i.test(t.text))).toBe(true);
});

test("keypad digits (RFC 4733) answer the order-number question", async () => {
  const question = questionWav("what is the status of my order", "order-status");
  const digits = ["4", "2", "7", "1", "pound"].map((d) => `/usr/share/sip-tester/dtmf_2833_${d}.pcap`);
  const rx = await rtpReceiver();
  try {
    const result = await runSipp(
      { to: "agent", from: "15550178", wav: question.file, speakAfterMs: GREETING_WAIT_MS, holdMs: 12000, dtmfPcaps: digits },
      rx.port,
      SIP_SERVER,
      workDir,
    );
    expect(result.code, result.output.slice(-2000)).toBe(0);
  } finally {
    rx.close();
  }
  const stored = await latestPhoneCall("15550178");
  expect(stored?.turns.filter((t) => t.role === "user").map((t) => t.text)).toContain("4271");
  expect(stored?.turns.some((t) => t.role === "agent" && /shipped/i.test(t.text))).toBe(true);
});
