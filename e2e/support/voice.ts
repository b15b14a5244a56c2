import { isAbsolute, resolve } from "node:path";
import pg from "pg";
import type { Page } from "@playwright/test";

/** Chromium flags that feed a WAV file (in e2e/fixtures, or an absolute path made at test time) to getUserMedia as the microphone. */
export function fakeMicLaunchOptions(wavFile: string) {
  const wav = isAbsolute(wavFile) ? wavFile : resolve(process.cwd(), "e2e", "fixtures", wavFile);
  return {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-audio-capture=${wav}%noloop`,
      "--autoplay-policy=no-user-gesture-required",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  };
}

/** Clicks the mic and returns the room the page was given. */
export async function startCall(page: Page): Promise<string> {
  const tokenResponse = page.waitForResponse((r) => r.url().endsWith("/api/token") && r.ok());
  await page.getByTestId("mic-button").click();
  const body = (await (await tokenResponse).json()) as { roomName: string };
  return body.roomName;
}

/**
 * Samples the agent's remote audio with WebAudio and keeps the loudest RMS
 * seen, so the test can tell real speech from a silent or missing track.
 */
export async function startAgentAudioMeter(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="agent-audio"]', { state: "attached", timeout: 30_000 });
  await page.evaluate(() => {
    const element = document.querySelector('[data-testid="agent-audio"]') as HTMLMediaElement;
    const stream = element.srcObject as MediaStream;
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    context.createMediaStreamSource(stream).connect(analyser);
    const buffer = new Float32Array(analyser.fftSize);
    const w = window as unknown as { __agentMaxRms: number; __agentLoudMs: number };
    w.__agentMaxRms = 0;
    w.__agentLoudMs = 0;
    setInterval(() => {
      analyser.getFloatTimeDomainData(buffer);
      let sum = 0;
      for (const v of buffer) sum += v * v;
      const rms = Math.sqrt(sum / buffer.length);
      w.__agentMaxRms = Math.max(w.__agentMaxRms, rms);
      if (rms > 0.01) w.__agentLoudMs += 50;
    }, 50);
  });
}

export async function agentAudioStats(page: Page): Promise<{ maxRms: number; loudMs: number }> {
  return page.evaluate(() => {
    const w = window as unknown as { __agentMaxRms: number; __agentLoudMs: number };
    return { maxRms: w.__agentMaxRms, loudMs: w.__agentLoudMs };
  });
}

export interface StoredTurn {
  role: string;
  text: string;
  started_at: Date;
}

/** Reads the stored conversation for a room straight from Postgres. */
export async function storedTurns(roomName: string): Promise<{ channel: string; turns: StoredTurn[] } | null> {
  const client = new pg.Client({
    connectionString:
      process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable",
  });
  await client.connect();
  try {
    const conv = await client.query<{ id: string; channel: string }>(
      "select id, channel from conversations where room_name = $1",
      [roomName],
    );
    const row = conv.rows[0];
    if (!row) return null;
    const turns = await client.query<StoredTurn>(
      "select role, text, started_at from turns where conversation_id = $1 order by seq",
      [row.id],
    );
    return { channel: row.channel, turns: turns.rows };
  } finally {
    await client.end();
  }
}
