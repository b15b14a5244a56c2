import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../core/log";
import { createCallRecorder, type RecordingFile } from "./call-recorder";

const RATE = 16000;
const log = createLogger({ svc: "test" }, "error");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function sine(ms: number, hz: number, amplitude = 12000): Int16Array {
  const n = (RATE * ms) / 1000;
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / RATE)));
}

/** Decodes what was stored the way a listener would get it (opusdec for Ogg/Opus), back to 16 kHz samples. */
function decode(path: string): Int16Array {
  const wav = `${path}.decoded.wav`;
  if (path.endsWith(".ogg")) execFileSync("opusdec", ["--quiet", "--rate", String(RATE), path, wav]);
  const bytes = readFileSync(path.endsWith(".ogg") ? wav : path);
  const data = bytes.indexOf("data") + 8;
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset + data, bytes.byteOffset + bytes.length - ((bytes.length - data) % 2)));
}

function rms(samples: Int16Array, fromMs: number, toMs: number): number {
  const slice = samples.subarray((fromMs * RATE) / 1000, (toMs * RATE) / 1000);
  let sum = 0;
  for (const v of slice) sum += v * v;
  return Math.sqrt(sum / Math.max(1, slice.length));
}

describe("createCallRecorder", () => {
  it("stores both sides mixed on the call's timeline, with sensitive caller audio silenced", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recordings-"));
    dirs.push(dir);
    const saved: RecordingFile[] = [];
    const recorder = await createCallRecorder({ dir, sampleRate: RATE, separateTracks: true, log, save: async (f) => void saved.push(f) });
    const t0 = 1_000_000;
    recorder.start(t0);
    // The agent speaks 0–1 s (handed over in 20 ms frames as TTS produces them).
    const speech = sine(1000, 300);
    for (let i = 0; i < 50; i++) recorder.played(speech.subarray(i * 320, (i + 1) * 320), t0 + i * 20);
    // The caller speaks 2–3 s; the second half is a sensitive entry.
    const voice = sine(1000, 500);
    for (let i = 0; i < 100; i++) {
      if (i === 50) recorder.setSensitive(true);
      recorder.heard(voice.subarray(i * 160, (i + 1) * 160), t0 + 2000 + (i + 1) * 10);
    }
    recorder.setSensitive(false);
    const file = await recorder.finish({ conversationId: "c0ffee00-0000-4000-8000-000000000000", endMs: t0 + 4000 });

    expect(file).toBeDefined();
    expect(saved).toEqual([file]);
    expect(file!.durationMs).toBe(4000);
    expect(file!.startedAt.getTime()).toBe(t0);
    expect(file!.mimeType).toBe("audio/ogg");
    expect(file!.peaks.length).toBeGreaterThan(100);
    // Only the encoded files stay; the raw parts are gone.
    expect(readdirSync(dir).sort()).toEqual([".partial", file!.agentPath, file!.callerPath, file!.path].sort());
    expect(readdirSync(join(dir, ".partial"))).toEqual([]);

    const mixed = decode(join(dir, file!.path));
    expect(Math.abs(mixed.length / RATE - 4)).toBeLessThan(0.1);
    const agentSpoke = rms(mixed, 100, 900);
    const callerSpoke = rms(mixed, 2100, 2450);
    expect(agentSpoke).toBeGreaterThan(3000);
    expect(callerSpoke).toBeGreaterThan(3000);
    expect(rms(mixed, 1200, 1800)).toBeLessThan(agentSpoke / 20);
    expect(rms(mixed, 2600, 2950)).toBeLessThan(callerSpoke / 20);
    // Each side alone: the agent's file has no caller in it.
    expect(rms(decode(join(dir, file!.agentPath!)), 2100, 2450)).toBeLessThan(agentSpoke / 20);
  });

  it("starts where the conversation's stored start says: earlier audio is dropped, offsets and length follow", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recordings-"));
    dirs.push(dir);
    const recorder = await createCallRecorder({ dir, sampleRate: RATE, separateTracks: false, log, save: async () => undefined });
    const t0 = 2_000_000;
    recorder.start(t0);
    recorder.played(sine(1000, 300), t0 + 1000); // the greeting, 1–2 s after the recorder started
    recorder.alignStart(t0 + 800); // the conversation row says it started at 0.8 s
    const file = await recorder.finish({ conversationId: "a1", endMs: t0 + 3000 });
    expect(file!.startedAt.getTime()).toBe(t0 + 800);
    expect(file!.durationMs).toBe(2200);
    const mixed = decode(join(dir, file!.path));
    expect(rms(mixed, 300, 1100)).toBeGreaterThan(3000);
    expect(rms(mixed, 0, 150)).toBeLessThan(300);
    expect(rms(mixed, 1350, 2100)).toBeLessThan(300);
  });

  it("a call that ends before the recorder started stores nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recordings-"));
    dirs.push(dir);
    const saved: RecordingFile[] = [];
    const recorder = await createCallRecorder({ dir, sampleRate: RATE, separateTracks: false, log, save: async (f) => void saved.push(f) });
    recorder.heard(sine(10, 300), Date.now());
    expect(await recorder.finish({ conversationId: "x", endMs: Date.now() })).toBeUndefined();
    expect(saved).toEqual([]);
  });

  it("a store that fails leaves the call alone: finish resolves without a recording", async () => {
    const dir = mkdtempSync(join(tmpdir(), "recordings-"));
    dirs.push(dir);
    const recorder = await createCallRecorder({ dir, sampleRate: RATE, separateTracks: false, log, save: async () => Promise.reject(new Error("db down")) });
    recorder.start(0);
    recorder.played(sine(100, 300), 0);
    await expect(recorder.finish({ conversationId: "y", endMs: 500 })).resolves.toBeUndefined();
    expect(readdirSync(dir)).toEqual([".partial"]);
  });
});
