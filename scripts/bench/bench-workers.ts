/**
 * The two agents under test, each started as its own worker process on the
 * running stack's LiveKit and Postgres, each under its own agent name
 * (explicit dispatch), so the same callers can be sent to either:
 * - ours: server/worker/main.ts, the product's worker as shipped (AGENT_EXECUTOR from the environment, else its default);
 * - ours-process: the same worker forced to AGENT_EXECUTOR=process (a job process per call), the "before" of the shared executor;
 * - reference: scripts/bench/reference-agent/agent.ts, LiveKit Agents' voice.AgentSession with the same engines.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { join } from "node:path";
import { processTree } from "./proc-tree";

export type AgentKind = "ours" | "ours-process" | "reference";
export type ProviderProfile = "scripted" | "local";

/** Cloud-like scripted providers: fixed, realistic latencies, so what differs is the framework around them. */
export const SCRIPTED_LATENCIES = { sttFinalMs: 150, llmFirstTokenMs: 350, ttsFirstByteMs: 120 };

const ENTRY: Record<AgentKind, string> = {
  ours: "server/worker/main.ts",
  "ours-process": "server/worker/main.ts",
  reference: "scripts/bench/reference-agent/agent.ts",
};

export function profileEnv(profile: ProviderProfile): Record<string, string> {
  if (profile === "local") return { STT_PROVIDER: "local", TTS_PROVIDER: "local", LLM_PROVIDER: "local" };
  return {
    STT_PROVIDER: "fake",
    TTS_PROVIDER: "fake",
    LLM_PROVIDER: "fake",
    FAKE_STT_DELAY_MS: String(SCRIPTED_LATENCIES.sttFinalMs),
    FAKE_LLM_FIRST_TOKEN_MS: String(SCRIPTED_LATENCIES.llmFirstTokenMs),
    FAKE_TTS_FIRST_BYTE_MS: String(SCRIPTED_LATENCIES.ttsFirstByteMs),
    // Not one of the profile's intents, so our dialogue core asks the (scripted) LLM, as the reference does.
    FAKE_STT_SCRIPT: "tell me something about your place",
  };
}

export interface BenchWorker {
  kind: AgentKind;
  agentName: string;
  pid: number;
  port: number;
  activeJobs(): Promise<number>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startWorker(kind: AgentKind, profile: ProviderProfile, options: { port: number; maxJobs?: number; logDir?: string; extraEnv?: Record<string, string>; cpuProfileDir?: string }): Promise<BenchWorker> {
  const agentName = `bench-${kind}-${profile}-${process.pid}`;
  const logDir = options.logDir ?? join(process.cwd(), ".data", "logs");
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `bench-${kind}.log`), { flags: "a" });
  const databaseUrl = process.env.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${process.env.PGLITE_PORT ?? 5433}/postgres?sslmode=disable`;
  // --cpu-prof writes the worker's profile when it exits (it drains and exits on SIGTERM).
  const profiling = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, "--import", "tsx", ENTRY[kind]], {
    env: {
      ...process.env,
      ...profileEnv(profile),
      DATABASE_URL: databaseUrl,
      AGENT_NAME: agentName,
      WORKER_HTTP_PORT: String(options.port),
      AGENT_MAX_JOBS: String(options.maxJobs ?? 200),
      ONNXRUNTIME_NODE_INSTALL: "skip",
      // Silence reprompts would talk during the callers' pauses in long runs.
      SILENCE_REPROMPT_MS: "120000",
      ...(kind === "ours-process" ? { AGENT_EXECUTOR: "process" } : {}),
      ...options.extraEnv,
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid!;
  let exited = false;
  child.once("exit", () => (exited = true));
  const base = `http://127.0.0.1:${options.port}`;
  const worker: BenchWorker = {
    kind,
    agentName,
    pid,
    port: options.port,
    activeJobs: async () => ((await (await fetch(`${base}/worker`)).json()) as { active_jobs: number }).active_jobs,
    stop: async () => {
      if (exited) return;
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        return;
      }
      for (let i = 0; i < 150 && !exited; i++) await sleep(100);
      if (!exited) process.kill(-pid, "SIGKILL");
    },
  };
  // Registered with LiveKit (the health route answers 200 only then), with its warm job process loaded.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (exited) throw new Error(`${kind} worker exited during start-up; see ${join(logDir, `bench-${kind}.log`)}`);
    if (Date.now() > deadline) {
      await worker.stop();
      throw new Error(`${kind} worker did not register within 180 s`);
    }
    const healthy = await fetch(`${base}/`).then((r) => r.ok).catch(() => false);
    // The warm job process (and the reference's inference runner) must be up and settled: its CPU flat.
    // The profiler's own sampling keeps an idle worker at a few % of a core.
    const idleCpuS = options.cpuProfileDir ? 0.25 : 0.05;
    if (healthy && (await settled(pid, processesWhenWarm(kind, options.extraEnv?.AGENT_EXECUTOR ?? process.env.AGENT_EXECUTOR), idleCpuS))) break;
    await sleep(500);
  }
  return worker;
}

/**
 * Processes in a warm worker's tree: the shared executor is one process (its health route answers
 * only once the engines are loaded); the process executor adds a warm job process; the reference
 * also an inference runner.
 */
function processesWhenWarm(kind: AgentKind, executor: string | undefined): number {
  if (kind === "reference") return 3;
  return kind === "ours-process" || executor === "process" ? 2 : 1;
}

/** The tree has at least `processes` processes and used under 5 % of a core over the last second. */
async function settled(pid: number, processes: number, idleCpuS = 0.05): Promise<boolean> {
  const before = processTree(pid);
  if (before.length < processes) return false;
  await sleep(1000);
  const after = processTree(pid);
  const cpu = (tree: typeof before) => tree.reduce((s, p) => s + p.cpuS, 0);
  return after.length >= processes && cpu(after) - cpu(before) < idleCpuS;
}
