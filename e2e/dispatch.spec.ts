import { spawn, type ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { RoomServiceClient } from "livekit-server-sdk";
import { livekitHttpUrl } from "../server/env";

/** ParticipantInfo.Kind.AGENT in LiveKit's protocol (not re-exported by the server SDK). */
const KIND_AGENT = 4;

const LIVEKIT_HTTP = livekitHttpUrl(process.env.LIVEKIT_URL ?? "ws://127.0.0.1:7880");
const rooms = new RoomServiceClient(
  LIVEKIT_HTTP,
  process.env.LIVEKIT_API_KEY ?? "devkey",
  process.env.LIVEKIT_API_SECRET ?? "secret",
);

async function liveWorkers(): Promise<number> {
  const res = await fetch(`${process.env.PUBLIC_URL ?? "http://127.0.0.1:3000"}/api/health`);
  return ((await res.json()) as { workers: number }).workers;
}

let second: ChildProcess | undefined;

test.afterAll(async () => {
  if (second?.pid) process.kill(-second.pid, "SIGTERM");
});

test("two worker processes: every room gets exactly one agent, and both workers take rooms", async () => {
  const before = await liveWorkers();
  second = spawn(process.execPath, ["--import", "tsx", "server/worker/main.ts"], {
    env: { ...process.env, WORKER_HTTP_PORT: "8091" },
    detached: true,
    stdio: "ignore",
  });
  await expect.poll(liveWorkers, { timeout: 60_000 }).toBeGreaterThanOrEqual(before + 1);

  const names = Array.from({ length: 6 }, (_, i) => `dispatch-test-${Date.now()}-${i}`);
  try {
    for (const name of names) {
      // Nobody but the agent joins these rooms: keep them open while every job process loads its voice and recogniser.
      await rooms.createRoom({ name, emptyTimeout: 180, departureTimeout: 60 });
      // Let each worker's load report reach the server between dispatches.
      await new Promise((r) => setTimeout(r, 1500));
    }
    const agentsIn = async (name: string) =>
      (await rooms.listParticipants(name)).filter((p) => p.kind === KIND_AGENT);
    for (const name of names) {
      await expect.poll(async () => (await agentsIn(name)).length, { timeout: 30_000 }).toBe(1);
    }
    // A double join would show up late: look again after the dispatch has settled.
    await new Promise((r) => setTimeout(r, 3000));
    const pids = new Set<string>();
    for (const name of names) {
      const agents = await agentsIn(name);
      expect(agents, `room ${name}`).toHaveLength(1);
      pids.add(agents[0]?.attributes["agent.worker_pid"] ?? "unknown");
    }
    expect(pids.has("unknown")).toBe(false);
    expect(pids.size).toBe(2);
  } finally {
    for (const name of names) await rooms.deleteRoom(name).catch(() => undefined);
  }
});
