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
 * greeting on answer, keypad digits reaching the core as digits, the keypad
 * menu, sensitive digits stored only redacted, hang-up, transfer and
 * dropped-line outcomes.
 */
test.describe.configure({ mode: "serial" });

const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";

async function speech(text: string): Promise<PcmFrame> {
  const frames: PcmFrame[] = [];
  for await (const frame of createFliteTts({ voice: "slt" }).synthesize(text)) frames.push(frame);
  return concatFrames([...frames, silence(300, 16000)]);
}

interface StoredCall {
  id: string;
  channel: string;
  callerNumber: string | null;
  outcome: string | null;
  endReason: string | null;
  endedAt: Date | null;
  state: unknown;
  turns: { role: string; kind: string; text: string; intent: string | null }[];
  toolCalls: { name: string; arguments: unknown }[];
}

async function storedCall(roomName: string): Promise<StoredCall | null> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const conv = await client.query<{ id: string; channel: string; caller_number: string | null; outcome: string | null; end_reason: string | null; ended_at: Date | null; state: unknown }>(
      "select id, channel, caller_number, outcome, end_reason, ended_at, state from conversations where room_name = $1",
      [roomName],
    );
    const row = conv.rows[0];
    if (!row) return null;
    const turns = await client.query<{ role: string; kind: string; text: string; intent: string | null }>(
      "select role, kind, text, intent from turns where conversation_id = $1 order by seq",
      [row.id],
    );
    const toolCalls = await client.query<{ name: string; arguments: unknown }>("select name, arguments from tool_calls where conversation_id = $1 order by started_at", [row.id]);
    return {
      id: row.id,
      channel: row.channel,
      callerNumber: row.caller_number,
      outcome: row.outcome,
      endReason: row.end_reason,
      endedAt: row.ended_at,
      state: row.state,
      turns: turns.rows,
      toolCalls: toolCalls.rows,
    };
  } finally {
    await client.end();
  }
}

const agentSaid = async (roomName: string, pattern: RegExp) =>
  ((await storedCall(roomName))?.turns ?? []).some((t) => t.role === "agent" && pattern.test(t.text));

/** The greeting (with the keypad menu) is stored once it has been played out. */
const MENU = /press 1 for opening hours/i;

test("a phone caller hears the greeting, and keypad digits answer the order-number question", async () => {
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550142");
  const joinedAt = Date.now();
  await caller.join();
  try {
    await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000, message: "greeting audio" }).toBeGreaterThan(800);
    const call = await storedCall(caller.roomName);
    expect(call?.channel).toBe("phone");
    expect(call?.callerNumber).toBe("+15550142");
    // Let the greeting (and its keypad menu) finish, then ask by voice and answer by keypad.
    await expect.poll(() => agentSaid(caller.roomName, MENU), { timeout: 30_000, message: "greeting with the keypad menu played" }).toBe(true);
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
    await expect.poll(() => agentSaid(caller.roomName, MENU), { timeout: 30_000 }).toBe(true);
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

test("the keypad menu: a key pressed during the greeting cuts it short and picks its option", async () => {
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550144");
  const joinedAt = Date.now();
  await caller.join();
  try {
    // Well into the ~13 s greeting and its menu.
    await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000, message: "greeting audio" }).toBeGreaterThan(1500);
    // No #: the key is taken as an entry after a 2 s pause, so the window below is the greeting's alone.
    await caller.pressKeys("1");
    const pressedAt = Date.now();
    await new Promise((r) => setTimeout(r, 1900));
    const greetingAfterKey = caller.loudAt.filter((t) => t > pressedAt + 700 && t < pressedAt + 1800).length * 10;
    expect(greetingAfterKey, "ms of greeting heard 0.7–1.8 s after the key").toBeLessThan(100);
    await expect.poll(() => agentSaid(caller.roomName, /Monday to Friday/), { timeout: 30_000, message: "opening hours answered" }).toBe(true);
    const call = (await storedCall(caller.roomName))!;
    expect(call.turns.filter((t) => t.role === "user").map((t) => [t.kind, t.text])).toEqual([["keypad", "1"]]);
    expect(call.turns.find((t) => t.role === "agent" && /Monday to Friday/.test(t.text))?.intent).toBe("hours");
  } finally {
    await caller.hangUp();
  }
  await expect.poll(async () => (await storedCall(caller.roomName))?.outcome, { timeout: 30_000 }).toBe("completed");
});

test("a gift card number keyed on the phone reaches the lookup but is stored only redacted", async () => {
  const CARD = "6006491234567890"; // seeded with $23.50 on it
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550145");
  const joinedAt = Date.now();
  await caller.join();
  try {
    await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000 }).toBeGreaterThan(800);
    await caller.pressKeys("3#");
    await expect.poll(() => agentSaid(caller.roomName, /gift card number on your keypad/i), { timeout: 30_000, message: "card number asked for" }).toBe(true);
    await caller.pressKeys(`${CARD}#`);
    // Only a lookup of the real digits finds this balance.
    await expect.poll(() => agentSaid(caller.roomName, /twenty-three dollars and fifty cents/i), { timeout: 30_000, message: "balance said" }).toBe(true);
    const call = (await storedCall(caller.roomName))!;
    expect(call.turns.filter((t) => t.role === "user").map((t) => [t.kind, t.text])).toEqual([
      ["keypad", "3"],
      ["keypad", "[redacted 16 digits]"],
    ]);
    expect(call.toolCalls).toEqual([{ name: "check_gift_card_balance", arguments: { card_number: "[redacted 16 digits]" } }]);
    expect(JSON.stringify(call)).not.toContain(CARD);
    expect(JSON.stringify(call)).not.toContain(CARD.slice(0, 12));
  } finally {
    await caller.hangUp();
  }
});

test("a line the bridge drops on a media timeout ends the conversation as failed, with the reason", async () => {
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550146");
  const joinedAt = Date.now();
  await caller.join();
  await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000 }).toBeGreaterThan(800);
  await caller.droppedByBridge("media-timeout");
  await expect.poll(async () => (await storedCall(caller.roomName))?.outcome, { timeout: 30_000 }).toBe("failed");
  expect((await storedCall(caller.roomName))?.endReason).toBe("media timeout");
});

test("an ordinary hang-up on the phone is not a failure", async () => {
  const caller = new PhoneParticipant(`call-test-${Date.now()}`, "+15550147");
  const joinedAt = Date.now();
  await caller.join();
  await expect.poll(() => caller.loudMsSince(joinedAt), { timeout: 20_000 }).toBeGreaterThan(800);
  await caller.droppedByBridge("caller-hangup");
  // Nobody was answered: abandoned, never failed; the reason is the caller's leaving, not a line failure.
  await expect.poll(async () => (await storedCall(caller.roomName))?.outcome, { timeout: 30_000 }).toBe("abandoned");
  expect((await storedCall(caller.roomName))?.endReason).toBe("caller left");
});
