/**
 * Fault injection, the long run (e2e/faults.spec.ts is the CI-sized one). Against a running
 * `npm start`, with two workers of its own (explicit dispatch, one agent name), Postgres reached
 * through a proxy it takes down, and an OpenAI-compatible server it controls, it places live
 * synthetic calls (an rtc-node caller speaking flite questions, recording what it hears) and
 * injects: Postgres down for 30 s mid-call, the LLM hanging, the LLM server killed, SIGKILL of
 * the worker serving the call, and a restart of the web app (run.mjs restarts it). It prints, per
 * fault: calls dropped, turns lost, the longest silence after a question, and time to recover.
 *
 *   npx tsx scripts/bench/faults.ts [--db-down-ms 30000]
 */
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { startMockOpenAiServer, textReply } from "../../server/providers/llm/testing/mock-openai-server";
import { DbProxy, viaProxy } from "../../e2e/support/db-proxy";
import { callAgent, DATABASE_URL, heardAfter, liveWorkers, quietFor, rooms, spokenQuestion, startWorker, stopWorker } from "../../e2e/support/fault-call";
import type { PhoneParticipant } from "../../e2e/support/phone-participant";
import { storedTurns } from "../../e2e/support/voice";

const { values } = parseArgs({ options: { "db-down-ms": { type: "string", default: "30000" } } });
const dbDownMs = Number(values["db-down-ms"]);
const agentName = `faults-bench-${process.pid}`;
const webUrl = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";
const KIND_AGENT = 4;

interface Figure {
  fault: string;
  callsDropped: number;
  turnsAsked: number;
  turnsStored: number;
  /** Longest wait from the end of a question to the first agent audio, ms. */
  longestSilenceMs: number;
  recoverMs?: number;
  note?: string;
}
const figures: Figure[] = [];

const llm = await startMockOpenAiServer();
const story = { kind: "stream" as const, chunks: textReply(["Here is a short story. ", "A little boat sailed home."]) };
llm.whenQueueEmpty(story);
const db = new URL(DATABASE_URL);
const proxy = new DbProxy({ host: db.hostname, port: Number(db.port || 5432) });
await proxy.start();
const base = Number(process.env.WORKER_HTTP_PORT ?? 8081) + 50;
const workerEnv = { DATABASE_URL: viaProxy(DATABASE_URL, proxy.port), LLM_PROVIDER: "openai", OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: "bench", OPENAI_EMBEDDING_MODEL: "", AGENT_PREWARM_TIMEOUT_MS: "120000" };
const before = await liveWorkers();
const workers = [startWorker(agentName, workerEnv, base), startWorker(agentName, workerEnv, base + 1)];
await until(async () => (await liveWorkers()) >= before + 2, 180_000, "two bench workers registered");
const question = spokenQuestion("Can you tell me a short story about a boat?");

/** Asks once; resolves with the silence heard (ms) from the end of the question to agent audio, or Infinity. */
async function ask(caller: PhoneParticipant): Promise<number> {
  const end = await caller.say(question);
  const heard = await heardAfter(caller, end, 20_000);
  if (heard === undefined) return Number.POSITIVE_INFINITY;
  await quietFor(caller, 2000, 60_000).catch(() => undefined);
  return heard - end;
}

async function call(): Promise<PhoneParticipant> {
  const caller = await callAgent(agentName, `faults-bench-${Date.now()}`);
  if ((await heardAfter(caller, Date.now() - 1000, 90_000)) === undefined) throw new Error("no greeting");
  await quietFor(caller, 2000, 60_000);
  return caller;
}

async function finish(caller: PhoneParticipant, fault: string, asked: number, silences: number[], extra: Partial<Figure> = {}): Promise<void> {
  await caller.hangUp();
  const expected = 1 + asked * 2;
  let stored = 0;
  await until(async () => ((stored = (await storedTurns(caller.roomName))?.turns.length ?? 0), stored >= expected), 60_000, "turns stored").catch(() => undefined);
  figures.push({ fault, callsDropped: silences.some((s) => !Number.isFinite(s)) ? 1 : 0, turnsAsked: asked, turnsStored: Math.max(0, (stored - 1) / 2), longestSilenceMs: Math.max(...silences), ...extra });
  await rooms.deleteRoom(caller.roomName).catch(() => undefined);
}

try {
  // 1. Postgres down mid-call: questions keep being answered; everything lands once it is back.
  {
    const caller = await call();
    const silences = [await ask(caller)];
    proxy.down();
    const downAt = Date.now();
    while (Date.now() - downAt < dbDownMs) silences.push(await ask(caller));
    proxy.up();
    const upAt = Date.now();
    const expected = 1 + silences.length * 2;
    await until(async () => ((await storedTurns(caller.roomName))?.turns.length ?? 0) >= expected, 60_000, "flush").catch(() => undefined);
    await finish(caller, `Postgres down ${Math.round(dbDownMs / 1000)} s`, silences.length, silences, { recoverMs: Date.now() - upAt });
  }
  // 2. LLM hangs (accepts, never answers) for two turns.
  {
    const caller = await call();
    llm.whenQueueEmpty({ kind: "hang" });
    const silences = [await ask(caller), await ask(caller)];
    llm.whenQueueEmpty(story);
    silences.push(await ask(caller));
    await finish(caller, "LLM hangs", silences.length, silences);
  }
  // 3. LLM server killed mid-call (connection refused), then back.
  {
    const caller = await call();
    llm.whenQueueEmpty({ kind: "status", status: 503, body: { error: { message: "down", type: "server_error" } } });
    const silences = [await ask(caller), await ask(caller)];
    llm.whenQueueEmpty(story);
    await finish(caller, "LLM server failing (503)", silences.length, silences);
  }
  // 4. SIGKILL of the worker serving the call: LiveKit hands the room to the other worker.
  {
    const caller = await call();
    const agent = (await rooms.listParticipants(caller.roomName)).find((p) => p.kind === KIND_AGENT);
    const pid = Number(agent?.attributes["agent.worker_pid"]);
    const victim = workers.find((w) => w.pid === pid);
    const killedAt = Date.now();
    stopWorker(victim, "SIGKILL");
    let servedAt: number | undefined;
    await until(
      async () => {
        const agents = (await rooms.listParticipants(caller.roomName)).filter((p) => p.kind === KIND_AGENT && Number(p.attributes["agent.worker_pid"]) !== pid);
        if (agents.length > 0) servedAt ??= Date.now();
        return agents.length > 0;
      },
      60_000,
      "room served again",
    ).catch(() => undefined);
    const spokeAt = await heardAfter(caller, killedAt + 500, 30_000);
    const silences = servedAt ? [await ask(caller)] : [Number.POSITIVE_INFINITY];
    await finish(caller, "worker SIGKILL", silences.length, silences, {
      recoverMs: servedAt ? servedAt - killedAt : undefined,
      note: `agent back in the room ${servedAt ? servedAt - killedAt : "never"} ms, heard ${spokeAt ? spokeAt - killedAt : "nothing"} ms after the kill`,
    });
  }
  // 5. The web app killed (run.mjs restarts it with backoff): a live call goes on meanwhile.
  {
    const caller = await call();
    const pid = Number(execSync(`ss -ltnpH 'sport = :${new URL(webUrl).port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`).toString().trim());
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");
    const silences = [await ask(caller)];
    let back: number | undefined;
    await until(async () => (await fetch(`${webUrl}/api/health`).then((r) => r.ok, () => false)) && ((back ??= Date.now()), true), 120_000, "web back").catch(() => undefined);
    await finish(caller, "web app SIGKILL", silences.length, silences, { recoverMs: back ? back - killedAt : undefined });
  }
} finally {
  for (const worker of workers) stopWorker(worker, "SIGKILL");
  await llm.close();
  await proxy.close();
}

console.log("\nfault                       calls dropped  turns asked/stored  longest silence after a question  recovered");
for (const f of figures) {
  console.log(
    `${f.fault.padEnd(28)}${String(f.callsDropped).padEnd(15)}${`${f.turnsAsked}/${f.turnsStored}`.padEnd(20)}${(Number.isFinite(f.longestSilenceMs) ? `${(f.longestSilenceMs / 1000).toFixed(2)} s` : "none heard").padEnd(34)}${f.recoverMs !== undefined ? `${(f.recoverMs / 1000).toFixed(1)} s` : "-"}${f.note ? `  (${f.note})` : ""}`,
  );
}
process.exit(0);

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}
