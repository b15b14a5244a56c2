/**
 * Fault injection, the long run (e2e/faults.spec.ts is the CI-sized one). Against a running
 * `npm start`, with two workers of its own (explicit dispatch, one agent name) whose cloud
 * engines are local servers this script controls (Deepgram live transcription backed by Vosk,
 * OpenAI speech backed by flite, an OpenAI-compatible LLM: e2e/support/speech-servers.ts) and
 * whose Postgres is reached through a proxy it takes down, it places live synthetic calls (an
 * rtc-node caller speaking a flite question, recording what it hears) and injects, one per call:
 * the LLM, STT and TTS servers dying (connections cut) or hanging (no answer) mid-call, Postgres
 * down for 30 s, SIGKILL of the worker serving the call, and a SIGKILL of the web app (run.mjs
 * restarts it). It prints, per fault: calls dropped, turns lost, the silence the caller heard
 * after the fault, the longest wait for a reply, and time to recover; and writes the table to
 * docs/benchmarks.md (section `faults`).
 *
 *   npx tsx scripts/bench/faults.ts [--db-down-ms 30000] [--only stt-dead,tts-hang,...]
 */
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { startMockOpenAiServer, textReply } from "../../server/providers/llm/testing/mock-openai-server";
import { DbProxy, viaProxy } from "../../e2e/support/db-proxy";
import { agentJoined, callAgent, DATABASE_URL, heardAfter, longestSilence, quietFor, rooms, spokenQuestion, startWorker, stopWorker, workerRegistered } from "../../e2e/support/fault-call";
import type { PhoneParticipant } from "../../e2e/support/phone-participant";
import { startListenServer, startSpeechServer, type FaultableServer, type ServerState } from "../../e2e/support/speech-servers";
import { storedTurns } from "../../e2e/support/voice";
import { loadSampler, machineLine, writeSection } from "./report";

const { values } = parseArgs({ options: { "db-down-ms": { type: "string", default: "30000" }, only: { type: "string" } } });
const dbDownMs = Number(values["db-down-ms"]);
const only = values.only?.split(",");
const wanted = (name: string) => !only || only.includes(name);
const agentName = `faults-bench-${process.pid}`;
// storedTurns reads the stack's database directly (the port set's PGlite, as playwright.config.ts sets it).
process.env.DATABASE_URL ??= DATABASE_URL;
const webUrl = process.env.PUBLIC_URL ?? "http://127.0.0.1:3000";
const KIND_AGENT = 4;
/** The breaker's cooldown in the bench workers (the default): how long a failed cloud engine is skipped. */
const COOLDOWN_MS = 30_000;

interface Figure {
  fault: string;
  callsDropped: number;
  turnsAsked: number;
  turnsStored: number;
  /** From the fault (or the end of the question it hit) to the next agent audio, ms. */
  silenceAfterFaultMs: number;
  /** The call's first reply wait, before any fault: what the fault's cost adds to. */
  normalReplyWaitMs: number;
  /** Longest wait from the end of a question to the first agent audio in the call, ms. */
  longestReplyWaitMs: number;
  recoverMs?: number;
  note?: string;
}
const figures: Figure[] = [];

const llm = await startMockOpenAiServer();
llm.whenQueueEmpty({ kind: "stream", chunks: textReply(["Here is a short story. ", "A little boat sailed home."]) });
const listen = await startListenServer();
const speech = await startSpeechServer({ upstream: llm.baseURL });
const db = new URL(DATABASE_URL);
const proxy = new DbProxy({ host: db.hostname, port: Number(db.port || 5432) });
await proxy.start();
const base = Number(process.env.WORKER_HTTP_PORT ?? 8081) + 50;
const workerEnv = {
  DATABASE_URL: viaProxy(DATABASE_URL, proxy.port),
  LLM_PROVIDER: "openai",
  OPENAI_BASE_URL: speech.baseURL,
  OPENAI_API_KEY: "bench",
  OPENAI_EMBEDDING_MODEL: "",
  STT_PROVIDER: "deepgram",
  DEEPGRAM_API_KEY: "bench",
  DEEPGRAM_BASE_URL: listen.baseUrl,
  TTS_PROVIDER: "openai",
  SPEECH_FAILOVER_COOLDOWN_MS: String(COOLDOWN_MS),
  AGENT_PREWARM_TIMEOUT_MS: "120000",
};
// Made before the workers start: a failure here must not leave them running.
const question = spokenQuestion("Can you tell me a short story about a boat?");
const workers = [startWorker(agentName, workerEnv, base), startWorker(agentName, workerEnv, base + 1)];
const load = loadSampler();

interface Asked {
  /** When the caller stopped talking. */
  endMs: number;
  /** First agent audio after that, or undefined when none came within 20 s. */
  heardMs?: number;
  /** When the agent had gone quiet again. */
  quietMs: number;
}

/** Asks once; `during` runs while the question is being spoken (its first second), `onReply` when the reply starts. */
async function ask(caller: PhoneParticipant, hooks: { during?: () => void; onReply?: () => void } = {}): Promise<Asked> {
  const saying = caller.say(question);
  if (hooks.during) setTimeout(hooks.during, 1000);
  const endMs = await saying;
  const heardMs = await heardAfter(caller, endMs, 20_000);
  if (heardMs !== undefined) hooks.onReply?.();
  await quietFor(caller, 2000, 60_000).catch(() => undefined);
  return { endMs, heardMs, quietMs: Date.now() };
}

const wait = (asked: Asked) => (asked.heardMs === undefined ? Number.POSITIVE_INFINITY : asked.heardMs - asked.endMs);

/** A caller in a fresh room with the agent's greeting heard; a dispatch no worker took is placed again, and counted. */
let lostDispatches = 0;
async function call(): Promise<PhoneParticipant> {
  const caller = await callAgent(agentName, `faults-bench-${Date.now()}`);
  if (await agentJoined(caller.roomName, agentName)) lostDispatches += 1;
  if ((await heardAfter(caller, Date.now() - 180_000, 60_000)) === undefined) throw new Error("no greeting");
  await quietFor(caller, 2000, 60_000);
  return caller;
}

async function finish(caller: PhoneParticipant, fault: string, asked: Asked[], figure: Pick<Figure, "silenceAfterFaultMs"> & Partial<Figure>): Promise<void> {
  // Dropped: the caller was cut off, or the call had gone dead (its last question never answered); a late answer is a long wait, not a drop.
  const dropped = !caller.room.isConnected || asked.at(-1)?.heardMs === undefined;
  await caller.hangUp();
  const expected = 1 + asked.length * 2;
  let stored = 0;
  await until(async () => ((stored = (await storedTurns(caller.roomName))?.turns.length ?? 0), stored >= expected), 60_000, "turns stored").catch(() => undefined);
  figures.push({
    fault,
    callsDropped: dropped ? 1 : 0,
    turnsAsked: asked.length,
    turnsStored: Math.max(0, Math.floor((stored - 1) / 2)),
    normalReplyWaitMs: wait(asked[0]!),
    longestReplyWaitMs: Math.max(...asked.map(wait)),
    ...figure,
  });
  console.log(`  ${fault}:`, JSON.stringify(figures.at(-1)), "reply waits (ms):", asked.map(wait).join(" "));
  await rooms.deleteRoom(caller.roomName).catch(() => undefined);
}

/**
 * One provider fault in one call: a first question as usual, the fault hits the second (while it
 * is spoken for the LLM and STT, when the reply starts for TTS), one more question while it lasts,
 * then the server comes back and questions go on until the worker uses it again (its breaker lets
 * a probe through after the cooldown), or 2.5 cooldowns pass.
 */
async function providerFault(fault: string, server: Pick<FaultableServer, "set">, state: ServerState, cloudUsedSince: (sinceMs: number) => number | undefined, phase: "question" | "reply"): Promise<void> {
  const caller = await call();
  const asked = [await ask(caller)];
  let faultAt = 0;
  const inject = () => {
    server.set(state);
    faultAt = Date.now();
  };
  const hit = await ask(caller, phase === "question" ? { during: inject } : { onReply: inject });
  asked.push(hit);
  // For the STT and LLM the caller waits from the end of the question; for TTS, the gap in what they hear.
  const silenceAfterFaultMs = phase === "question" ? wait(hit) : longestSilence(caller, faultAt, hit.quietMs - 2000);
  asked.push(await ask(caller));
  server.set("up");
  const upAt = Date.now();
  let backAt: number | undefined;
  while (Date.now() - upAt < COOLDOWN_MS * 2.5 && (backAt = cloudUsedSince(upAt)) === undefined) asked.push(await ask(caller));
  await finish(caller, fault, asked, { silenceAfterFaultMs, recoverMs: backAt === undefined ? undefined : backAt - upAt, note: "recovered = the cloud engine used again after it came back" });
}

const servedSince = (server: FaultableServer) => (sinceMs: number) => server.requests.find((r) => r.atMs >= sinceMs && r.completedAtMs !== undefined)?.atMs;
const llmServedSince = (sinceMs: number) => llm.requests.find((r) => r.atMs >= sinceMs && r.completed)?.atMs;
const llmFaults: Pick<FaultableServer, "set"> = { set: (state) => speech.setUpstream(state) };

try {
  // Inside the try: workers that never registered are stopped too. A run just before may have left heartbeats a few seconds fresh.
  await until(async () => workerRegistered(agentName, 2), 180_000, "two bench workers registered");
  for (const state of ["dead", "hang"] as const) {
    if (wanted(`llm-${state}`)) await providerFault(`LLM server ${state === "dead" ? "dies" : "hangs"}`, llmFaults, state, llmServedSince, "question");
    if (wanted(`stt-${state}`)) await providerFault(`STT (Deepgram) ${state === "dead" ? "dies" : "hangs"}`, listen, state, servedSince(listen), "question");
    if (wanted(`tts-${state}`)) await providerFault(`TTS (OpenAI) ${state === "dead" ? "dies" : "hangs"}`, speech, state, servedSince(speech), "reply");
  }
  if (wanted("db")) {
    // Postgres down mid-call: questions keep being answered; everything lands once it is back.
    const caller = await call();
    const asked = [await ask(caller)];
    proxy.down();
    const downAt = Date.now();
    while (Date.now() - downAt < dbDownMs) asked.push(await ask(caller));
    proxy.up();
    const upAt = Date.now();
    const expected = 1 + asked.length * 2;
    await until(async () => ((await storedTurns(caller.roomName))?.turns.length ?? 0) >= expected, 60_000, "flush").catch(() => undefined);
    const flushedMs = Date.now() - upAt;
    await finish(caller, `Postgres down ${Math.round(dbDownMs / 1000)} s`, asked, {
      silenceAfterFaultMs: wait(asked[1]!),
      recoverMs: flushedMs,
      note: "recovered = queued turns stored after it came back",
    });
  }
  if (wanted("worker-kill")) {
    // SIGKILL of the process group serving the call: LiveKit keeps the dead agent listed and never
    // dispatches the room again; the surviving worker's orphaned-room sweep must.
    const caller = await call();
    const asked = [await ask(caller)];
    const agent = (await rooms.listParticipants(caller.roomName)).find((p) => p.kind === KIND_AGENT);
    const pid = Number(agent?.attributes["agent.worker_pid"]);
    const victim = workers.find((w) => w.pid === pid);
    if (!victim) throw new Error(`the agent's worker pid ${pid} is not one of the bench workers`);
    const killedAt = Date.now();
    stopWorker(victim, "SIGKILL");
    let servedAt: number | undefined;
    let deadAgentGoneAt: number | undefined;
    await until(
      async () => {
        const inRoom = await rooms.listParticipants(caller.roomName);
        if (!inRoom.some((p) => p.identity === agent?.identity)) deadAgentGoneAt ??= Date.now();
        const agents = inRoom.filter((p) => p.kind === KIND_AGENT && Number(p.attributes["agent.worker_pid"]) !== pid);
        if (agents.length > 0) servedAt ??= Date.now();
        return agents.length > 0;
      },
      60_000,
      "room served again",
    ).catch(() => undefined);
    console.log(`  worker SIGKILL: the dead agent left the room ${deadAgentGoneAt ? deadAgentGoneAt - killedAt : "never"} ms after the kill; another agent joined ${servedAt ? servedAt - killedAt : "never"} ms after`);
    const spokeAt = await heardAfter(caller, killedAt + 500, 30_000);
    if (servedAt) asked.push(await ask(caller));
    else asked.push({ endMs: Date.now(), quietMs: Date.now() });
    await finish(caller, "worker SIGKILL", asked, {
      silenceAfterFaultMs: spokeAt === undefined ? Number.POSITIVE_INFINITY : spokeAt - killedAt,
      recoverMs: servedAt ? servedAt - killedAt : undefined,
      note: `recovered = another worker's agent in the room (the dead agent ${deadAgentGoneAt ? `had left ${((deadAgentGoneAt - killedAt) / 1000).toFixed(1)} s after the kill` : servedAt ? "was still listed in the room then" : "stayed listed for 60 s"})`,
    });
  }
  if (wanted("web-kill")) {
    // The web app killed (run.mjs restarts it with backoff): a live call goes on meanwhile.
    const caller = await call();
    const pid = Number(execSync(`ss -ltnpH 'sport = :${new URL(webUrl).port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`).toString().trim());
    const killedAt = Date.now();
    process.kill(pid, "SIGKILL");
    const asked = [await ask(caller)];
    let back: number | undefined;
    await until(async () => (await fetch(`${webUrl}/api/health`).then((r) => r.ok, () => false)) && ((back ??= Date.now()), true), 180_000, "web back").catch(() => undefined);
    await finish(caller, "web app SIGKILL", asked, { silenceAfterFaultMs: wait(asked[0]!), recoverMs: back ? back - killedAt : undefined, note: "recovered = /api/health answers again" });
  }
} finally {
  for (const worker of workers) stopWorker(worker, "SIGKILL");
  await Promise.all([llm.close(), listen.close(), speech.close(), proxy.close()]);
}

const { mean: loadMean, max: loadMax } = load.stop();
const seconds = (ms: number | undefined) => (ms === undefined ? "–" : Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : "none heard");
const table = [
  "| fault | calls dropped | turns lost (asked) | silence after the fault | normal reply wait | longest reply wait | recovered | what recovered means |",
  "|---|---:|---:|---:|---:|---:|---:|---|",
  ...figures.map(
    (f) =>
      `| ${f.fault} | ${f.callsDropped} | ${Math.max(0, f.turnsAsked - f.turnsStored)} (${f.turnsAsked}) | ${seconds(f.silenceAfterFaultMs)} | ${seconds(f.normalReplyWaitMs)} | ${seconds(f.longestReplyWaitMs)} | ${seconds(f.recoverMs)} | ${f.note ?? ""} |`,
  ),
].join("\n");
console.log(`\n${table}\n\ndispatches not taken (placed again): ${lostDispatches}`);
if (!only) {
  writeSection(
    "docs/benchmarks.md",
    "faults",
    `### Fault injection (\`npx tsx scripts/bench/faults.ts\`)\n\n${machineLine()}; load average ${loadMean.toFixed(1)} (max ${loadMax.toFixed(1)}) during the run; breaker cooldown ${COOLDOWN_MS / 1000} s, speech deadline 1.5 s, LLM deadline 1.2 s (defaults); dispatches not taken and placed again: ${lostDispatches}.\n\n${table}`,
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
