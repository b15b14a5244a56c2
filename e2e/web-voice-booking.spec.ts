import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import pg from "pg";
import { fakeMicLaunchOptions, startCall } from "./support/voice";

/**
 * A table booked by voice in Chromium: the request is spoken (a flite WAV made
 * here, heard by the agent through LiveKit and Vosk), the rest typed in the
 * widget during the call; then the reservation is checked in the admin API and
 * on the dashboard page, linked to its conversation.
 *
 * The microphone is the page's own WebAudio stream, and the WAV plays into it
 * once the greeting has been heard out: a fake-device file starts playing at
 * getUserMedia, and on a loaded machine the agent can join after it has ended.
 */
const EMAIL = process.env.ADMIN_EMAIL ?? "admin@example.com";
const PASSWORD = process.env.ADMIN_PASSWORD ?? "change-me-now";
const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable";
const BASIC = { authorization: `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString("base64")}` };
// The name marks this test's bookings, so a run that died half way is cleaned up by the next.
const GUEST = "Grace Hopper";
// A Wednesday is never one of the profile's holidays, and 2 pm is inside every weekday's hours.
const REQUEST = "I would like to book a table for four people next wednesday at two p m";

function requestWav(): string {
  const dir = resolve("test-results", "booking-fixtures");
  mkdirSync(dir, { recursive: true });
  const spoken = join(dir, "request-raw.wav");
  const wav = join(dir, "request.wav");
  execFileSync("flite", ["-voice", "slt", "-t", REQUEST, "-o", spoken]);
  // Trailing silence lets endpointing close the turn.
  execFileSync("sox", [spoken, "-r", "16000", "-c", "1", "-b", "16", wav, "pad", "1", "2"]);
  return wav;
}

test.use({ launchOptions: fakeMicLaunchOptions("silence.wav") });

/** getUserMedia({ audio }) answers with a WebAudio stream; `window.__speak(url)` plays a WAV into it. */
async function speakableMic(page: Page, wav: string) {
  await page.route("**/__e2e/request.wav", (route) => route.fulfill({ body: readFileSync(wav), contentType: "audio/wav" }));
  await page.addInitScript(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      if (!constraints?.audio) return original(constraints);
      const context = new AudioContext({ sampleRate: 48_000 });
      const destination = context.createMediaStreamDestination();
      (window as unknown as { __speak: (url: string) => Promise<number> }).__speak = async (url: string) => {
        await context.resume();
        const audio = await context.decodeAudioData(await (await fetch(url)).arrayBuffer());
        const source = context.createBufferSource();
        source.buffer = audio;
        source.connect(destination);
        source.start();
        return audio.duration;
      };
      return destination.stream;
    };
  });
}

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function type(page: Page, text: string, answer: RegExp) {
  const agentTurns = page.getByTestId("transcript").locator('[data-role="agent"]');
  await page.getByTestId("chat-input").fill(text);
  await page.getByTestId("chat-send").click();
  await expect(agentTurns.filter({ hasText: answer })).toHaveCount(1, { timeout: 30_000 });
}

test("books a table by voice and shows it in the dashboard, linked to the conversation", async ({ page, request }) => {
  test.setTimeout(180_000);
  await sql("delete from reservations where name = $1", [GUEST]);
  try {
    await speakableMic(page, requestWav());
    await page.goto("/");
    const roomName = await startCall(page);
    const transcript = page.getByTestId("transcript");
    await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 60_000 });
    // Speaking over the greeting would be a barge-in: wait until it has been spoken (it may already have been).
    const state = page.getByTestId("agent-state");
    await expect(state).toHaveText("speaking", { timeout: 10_000 }).catch(() => undefined);
    await expect(state).toHaveText("listening", { timeout: 30_000 });
    const seconds = await page.evaluate(() => (window as unknown as { __speak: (url: string) => Promise<number> }).__speak("/__e2e/request.wav"));
    expect(seconds).toBeGreaterThan(3);
    await expect(transcript.locator('[data-role="user"][data-final="true"]').first()).toContainText("table for four people", { timeout: 90_000 });
    // Party size, day and time all came from the spoken sentence: the agent checked them and asks for the name.
    await expect(transcript.locator('[data-role="agent"]').filter({ hasText: /Good news: we have a table for four people .*Wednesday.* at two in the afternoon/ })).toHaveCount(1, { timeout: 30_000 });
    await type(page, GUEST, /phone number or email/);
    await type(page, "grace@example.com", /Let me read that back: a table for four people (on|tomorrow,) Wednesday.* under the name Grace Hopper.* Shall I book it\?/);
    const [conversation] = await sql<{ id: string }>("select id from conversations where room_name = $1", [roomName]);
    expect(conversation).toBeDefined();
    expect(await sql("select id from reservations where conversation_id = $1", [conversation!.id])).toHaveLength(0);
    await type(page, "yes", /You're booked: .* Your reference is H C,/);

    const response = await request.get("/api/admin/reservations", { headers: BASIC });
    expect(response.status()).toBe(200);
    const { reservations } = (await response.json()) as { reservations: { id: string; reference: string; name: string; partySize: number; startsAt: string; status: string; conversationId: string }[] };
    const ours = reservations.filter((r) => r.conversationId === conversation!.id);
    expect(ours).toEqual([expect.objectContaining({ name: GUEST, partySize: 4, status: "confirmed", reference: expect.stringMatching(/^HC-[A-Z0-9]{4,6}$/) })]);
    const local = new Date(ours[0]!.startsAt).toLocaleString("en-US", { timeZone: "America/New_York", weekday: "long", hour: "numeric", minute: "2-digit" });
    expect(local).toBe("Wednesday 2:00 PM");
    // The contact is the business's to call back, never in the listing.
    expect(JSON.stringify(reservations)).not.toContain("grace@example.com");

    await page.goto("/admin/reservations");
    await expect(page).toHaveURL(/\/admin\/login/);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    // The sign-in must land before the next navigation, or it is cancelled.
    await expect(page.getByTestId("admin-email")).toHaveText(EMAIL.toLowerCase(), { timeout: 30_000 });
    await page.goto("/admin/reservations");
    const row = page.locator(`[data-testid="reservation-row"][data-reference="${ours[0]!.reference}"]`);
    await expect(row).toContainText(GUEST);
    await expect(row).toContainText("confirmed");
    await row.getByTestId("reservation-conversation").click();
    await expect(page).toHaveURL(new RegExp(`/admin/conversations/${conversation!.id}$`));
    await expect(page.getByText("table for four people").first()).toBeVisible();
  } finally {
    await sql("delete from reservations where name = $1", [GUEST]);
  }
});
