import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentDispatchClient, RoomAgentDispatch, RoomServiceClient } from "livekit-server-sdk";
import type { PcmFrame } from "../../server/core/ports";
import { readWav, rms } from "../../server/voice/audio";
import { PhoneParticipant } from "./phone-participant";

/**
 * What the fault-injection suite (e2e/faults.spec.ts, scripts/bench/faults.ts)
 * shares: a worker of its own (explicit dispatch under its own agent name, with
 * the env the fault needs), rooms dispatched to it, questions spoken by flite,
 * and what the caller heard.
 */
export const DATABASE_URL = process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.PGLITE_PORT ?? 5433}/postgres?sslmode=disable`;
const LIVEKIT_HTTP = (process.env.LIVEKIT_URL ?? "ws://127.0.0.1:7880").replace(/^ws/, "http");
const keys = [process.env.LIVEKIT_API_KEY ?? "devkey", process.env.LIVEKIT_API_SECRET ?? "secret"] as const;
export const rooms = new RoomServiceClient(LIVEKIT_HTTP, ...keys);
const dispatches = new AgentDispatchClient(LIVEKIT_HTTP, ...keys);
/** ParticipantInfo.Kind.AGENT in LiveKit's protocol (not re-exported by the server SDK). */
const KIND_AGENT = 4;

/**
 * Waits for an agent in the room; if none came within `retryAfterMs`, dispatches `agentName` to
 * it again (once). On a loaded machine a dispatch offered while the worker was still loading its
 * models was seen to be lost (no job ever reached the worker); that is not what the fault runs
 * measure. Resolves with whether it had to dispatch again; rejects if no agent came at all.
 */
export async function agentJoined(roomName: string, agentName: string, { retryAfterMs = 60_000, timeoutMs = 180_000 } = {}): Promise<boolean> {
  const started = Date.now();
  let redispatched = false;
  while (Date.now() - started < timeoutMs) {
    if ((await rooms.listParticipants(roomName)).some((p) => p.kind === KIND_AGENT)) return redispatched;
    if (!redispatched && Date.now() - started > retryAfterMs) {
      redispatched = true;
      await dispatches.createDispatch(roomName, agentName);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no agent joined ${roomName} within ${timeoutMs / 1000} s${redispatched ? " (dispatched twice)" : ""}`);
}

export async function liveWorkers(): Promise<number> {
  const res = await fetch(`${process.env.PUBLIC_URL ?? "http://127.0.0.1:3000"}/api/health`);
  return ((await res.json()) as { workers: number }).workers;
}

/**
 * Whether the worker started under `agentName` (startWorker) has registered with LiveKit, from its
 * log: /api/health's count cannot tell, as a worker killed just before stays counted for a while.
 */
export function workerRegistered(agentName: string, count = 1): boolean {
  const log = `.data/logs/${agentName}.log`;
  return existsSync(log) && readFileSync(log, "utf8").split("worker registered with LiveKit").length > count;
}

/** Starts `server/worker/main.ts` with its own agent name; its log goes to `.data/logs/<name>.log`. */
export function startWorker(agentName: string, env: Record<string, string>, httpPort: number): ChildProcess {
  mkdirSync(".data/logs", { recursive: true });
  const out = openSync(`.data/logs/${agentName}.log`, "a");
  return spawn(process.execPath, ["--import", "tsx", "server/worker/main.ts"], {
    env: { ...process.env, AGENT_NAME: agentName, WORKER_HTTP_PORT: String(httpPort), LOG_LEVEL: "info", ...env },
    detached: true,
    stdio: ["ignore", out, out],
  });
}

export function stopWorker(worker: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM"): void {
  if (!worker?.pid) return;
  try {
    process.kill(-worker.pid, signal);
  } catch {
    /* gone */
  }
}

/** A room that only `agentName` is dispatched to, and a synthetic caller in it. */
export async function callAgent(agentName: string, roomName = `faults-${Date.now()}`): Promise<PhoneParticipant> {
  // Explicit dispatch to this worker alone (a room naming an agent gets no automatic dispatch).
  await rooms.createRoom({ name: roomName, emptyTimeout: 60, departureTimeout: 20, agents: [new RoomAgentDispatch({ agentName })] });
  const caller = new PhoneParticipant(roomName, "", { web: true });
  await caller.join();
  return caller;
}

/** A question spoken by flite (voice awb), 16 kHz, trimmed to its last voiced 10 ms, with 0.3 s of lead-in. */
export function spokenQuestion(text: string): PcmFrame {
  const dir = join(tmpdir(), `faults-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const raw = join(dir, "raw.wav");
  const wav = join(dir, "q.wav");
  for (const [cmd, args] of [
    ["flite", ["-voice", "awb", "-t", text, "-o", raw]],
    ["sox", [raw, "-r", "16000", "-c", "1", "-b", "16", wav]],
  ] as const) {
    const result = spawnSync(cmd, args);
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr}`);
  }
  const audio = readWav(readFileSync(wav));
  rmSync(dir, { recursive: true, force: true });
  let end = audio.samples.length;
  for (let i = audio.samples.length - 160; i > 0; i -= 160) {
    if (rms(audio.samples.subarray(i, i + 160)) > 300) {
      end = i + 160;
      break;
    }
  }
  return { samples: audio.samples.slice(0, end), sampleRate: 16000 };
}

/** Resolves once the agent has been quiet for `ms` after saying something. */
export async function quietFor(caller: PhoneParticipant, ms: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const last = caller.loudAt.at(-1) ?? 0;
    if (caller.loudAt.length > 0 && Date.now() - last >= ms) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("the agent never went quiet");
}

/** Waits for the first agent audio at or after `sinceMs`; resolves with its time, or undefined after `timeoutMs`. */
export async function heardAfter(caller: PhoneParticipant, sinceMs: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const at = caller.firstLoudAfter(sinceMs);
    if (at !== undefined) return at;
    await new Promise((r) => setTimeout(r, 50));
  }
  return caller.firstLoudAfter(sinceMs);
}

/** Longest gap (ms) between agent audio frames in [fromMs, toMs]: the silence a caller sat through. */
export function longestSilence(caller: PhoneParticipant, fromMs: number, toMs: number): number {
  const heard = caller.loudAt.filter((t) => t >= fromMs && t <= toMs);
  let longest = 0;
  let previous = fromMs;
  for (const t of [...heard, toMs]) {
    longest = Math.max(longest, t - previous);
    previous = t;
  }
  return longest;
}
