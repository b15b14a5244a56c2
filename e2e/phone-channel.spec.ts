import { expect, test } from "@playwright/test";
import pg from "pg";
import type { PcmFrame } from "../server/core/ports";
import { createFliteTts } from "../server/providers/tts/local";
import { concatFrames, silence } from "../server/voice/audio";
import { PhoneParticipant } from "./support/phone-participant";

/**
 * The worker's phone channel, driven by a participant with the SIP kind and
 * attributes livekit-sip gives a caller (the bridge itself is covered by
 * phone.spec.ts with a real SIP peer): channel `phone`, caller number, the
 * greeting on answer, keypad digits reaching the core as digits, hang-up and
 * transfer outcomes.
 */
test.describe.configure({ mode: "serial" });

const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";

async function speech(text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice: "slt" }).synthesize(text)) frames.push(frame);
  return concatFrames([...frames, silence(300, 16000)]);
}

interface StoredCall {
  channel: string;
  callerNumber: string | null;
  outcome: string | null;
  endedAt: Date | null;
  turns: { role: string; text: string }[];
}

async function storedCall(roomName: string): Promise<StoredCall | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const conv = await client.query<{ id: string; channel: string; caller_number: string | null; outcome: string | null; ended_at: Date | null }>(
      "select id, channel, caller_number, outcome, ended_at from conversations where room_name = $1",
      [roomName],
    );
    const row = conv.rows[0];
    if (!row) return null;
    const turns = await client.query<{ role: string; text: string }>("select role, text from turns where conversation_id = $1 order by seq", [row.id]);
    return { channel: row.channel, callerNumber: row.caller_number, outcome: row.outcome, endedAt: row.ended_at, turns: turns.rows };
  } finally {
    await client.end();
  }
}

const agentSaid = async (roomName: string, pattern: RegExp) =>
  ((await storedCall(roomName))?.turns ?? []).some((t) => t.role === "agent" && pattern.test(t.text));

test("a phone caller hears the greeting, and keypad digits answer the order-number question", async () => {
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550142");
  const joinedAt = Date.now();
  await caller.join();
  try {
    await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000, message: "greeting audio" }).toBeGreaterThan(800);
    const call = await storedCall(caller.roomName);
    expect(call?.channel).toBe("phone");
    expect(call?.callerNumber).toBe("+15550142");
    // Let the greeting finish, then ask by voice and answer by keypad.
    await expect.poll(() => Date.now() - (caller.loudAt.at(-1) ?? Date.now()), { timeout: 20_000 }).toBeGreaterThan(700);
    // This test is about the keypad: a misheard question (open-vocabulary local STT) is asked again.
    const asked = () => agentSaid(caller.roomName, /what is your order number/i);
    for (const phrase of ["what is the status of my order", "track my order", "where is my order"]) {
      await caller.say(await speech(phrase));
      const deadline = Date.now() + 15_000;
      while (!(await asked()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
      if (await asked()) break;
      await expect.poll(() => Date.now() - (caller.loudAt.at(-1) ?? Date.now()), { timeout: 20_000 }).toBeGreaterThan(700);
    }
    expect(await asked()).toBe(true);
    await caller.pressKeys("4271#");
    // Order 4271 is seeded as shipped: only a lookup of the keyed number says so.
    await expect.poll(() => agentSaid(caller.roomName, /shipped/i), { timeout: 30_000 }).toBe(true);
    const turns = (await storedCall(caller.roomName))!.turns;
    expect(turns.filter((t) => t.role === "user").map((t) => t.text)).toContain("4271");
  } finally {
    await caller.hangUp();
  }
  // The caller hung up: the conversation ends with an outcome.
  await expect.poll(async () => (await storedCall(caller.roomName))?.outcome, { timeout: 30_000 }).toBe("completed");
});

test("asking for a person on the phone: the agent says so, then the transfer is attempted and its outcome stored", async () => {
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550143");
  const joinedAt = Date.now();
  await caller.join();
  try {
    await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000 }).toBeGreaterThan(800);
    await expect.poll(() => Date.now() - (caller.loudAt.at(-1) ?? Date.now()), { timeout: 20_000 }).toBeGreaterThan(700);
    await caller.say(await speech("transfer me to an agent"));
    await expect.poll(() => agentSaid(caller.roomName, /transferring you/i), { timeout: 30_000 }).toBe(true);
    // Without the bridge the REFER cannot happen: stored as failed, never as a transfer that did not take place.
    await expect.poll(async () => (await storedCall(caller.roomName))?.outcome, { timeout: 60_000 }).toMatch(/^(transferred|failed)$/);
    const call = await storedCall(caller.roomName);
    expect(call?.endedAt).not.toBeNull();
  } finally {
    await caller.hangUp();
  }
});
