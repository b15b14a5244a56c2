import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { readWav, rms } from "../server/voice/audio";
import { PhoneParticipant } from "./support/phone-participant";
import { storedTurns } from "./support/voice";

/**
 * A synthetic caller (an rtc-node participant) talks to the agent through the
 * real LiveKit server: it plays flite WAVs and records what it hears, so
 * voice-to-voice is measured where a caller would measure it.
 */
const questionWav = readWav(readFileSync("e2e/fixtures/opening-hours.wav"));
// Cut right at the last voiced 10 ms, so "end of speech" is the end of what the caller sends.
const lastVoiced = (() => {
  for (let i = questionWav.samples.length - 160; i > 0; i -= 160) {
    if (rms(questionWav.samples.subarray(i, i + 160)) > 300) return i + 160;
  }
  return questionWav.samples.length;
})();
const question = { samples: questionWav.samples.slice(16000 * 3.8, lastVoiced), sampleRate: 16000 };
const hello = readWav(readFileSync("e2e/fixtures/hello.wav"));

async function quietFor(caller: PhoneParticipant, ms: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const last = caller.loudAt.at(-1) ?? 0;
    if (caller.loudAt.length > 0 && Date.now() - last >= ms) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the agent never went quiet");
}

test("voice-to-voice at the caller over real LiveKit, three turns", async () => {
  const caller = new PhoneParticipant(`web-caller-${Date.now()}`, "", { web: true });
  await caller.join();
  try {
    await quietFor(caller, 1200); // the greeting
    const figures: number[] = [];
    for (let turn = 0; turn < 3; turn++) {
      const spokenEnd = await caller.say(question);
      await expect.poll(() => caller.firstLoudAfter(spokenEnd) ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
      figures.push(caller.firstLoudAfter(spokenEnd)! - spokenEnd);
      await quietFor(caller, 1200);
    }
    console.log(`voice-to-voice at the caller (ms): ${figures.join(", ")}`);
    for (const ms of figures) expect(ms).toBeLessThan(2000);
    const stored = await storedTurns(caller.roomName);
    // Latency is what this measures; exact recognition is web-voice.spec's job. The open-vocabulary
    // local STT sometimes mishears "opening" ("impending hours") on this synthetic voice.
    const userTurns = stored?.turns.filter((t) => t.role === "user").map((t) => t.text) ?? [];
    expect(userTurns).toHaveLength(3);
    for (const text of userTurns) expect(text).toMatch(/^what are (your|you) .*hours$/);
  } finally {
    await caller.hangUp();
  }
});

test("talking over the agent stops it, and the agent answers the interruption", async () => {
  const caller = new PhoneParticipant(`web-caller-${Date.now()}`, "", { web: true });
  await caller.join();
  try {
    await quietFor(caller, 1200);
    const asked = await caller.say(question);
    await expect.poll(() => caller.firstLoudAfter(asked) ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    // Two seconds into the (seven-second) answer, the caller talks over it.
    await new Promise((r) => setTimeout(r, 2000));
    const interruptAt = Date.now();
    const saidHello = await caller.say(hello);
    // The agent's audio stops while the caller is still talking...
    const speechEnd = saidHello - 1000; // hello.wav ends with 1 s of silence
    const heardDuringLastPart = caller.loudAt.filter((t) => t > interruptAt + 900 && t < speechEnd).length;
    expect(heardDuringLastPart).toBe(0);
    // ...and then answers what the caller said.
    await expect.poll(() => caller.firstLoudAfter(saidHello) ?? 0, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect
      .poll(async () => (await storedTurns(caller.roomName))?.turns.map((t) => t.role).join(","), { timeout: 20_000 })
      .toBe("agent,user,agent,user,agent");
    const stored = await storedTurns(caller.roomName);
    expect(stored?.turns[3]?.text).toContain("hello");
  } finally {
    await caller.hangUp();
  }
});
