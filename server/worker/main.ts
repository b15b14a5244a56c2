import { fileURLToPath } from "node:url";
import { hostname } from "node:os";
import { AgentServer, ServerOptions, initializeLogger } from "@livekit/agents";
import { createLogger } from "../core/log";
import { env } from "../env";
import { recordHeartbeat } from "../storage/workers/record-heartbeat";
import { scheduleRecordingRetention } from "./recording-retention";

/**
 * Agent worker entry. It registers with LiveKit's agent dispatch over the
 * /agent WebSocket (the @livekit/agents AgentServer), so LiveKit hands every
 * new room to exactly one worker; N copies of this process share the load.
 */
const config = env();
const log = createLogger({ svc: "worker", pid: process.pid }, config.LOG_LEVEL);
const MAX_JOBS = 8;
const HEARTBEAT_MS = 5000;

initializeLogger({ pretty: false, level: config.LOG_LEVEL });

const workerId = `${hostname()}-${process.pid}`;

const options = new ServerOptions({
  agent: fileURLToPath(new URL("./agent.ts", import.meta.url)),
  wsURL: config.LIVEKIT_URL,
  apiKey: config.LIVEKIT_API_KEY,
  apiSecret: config.LIVEKIT_API_SECRET,
  agentName: config.AGENT_NAME,
  production: true,
  // One warm job process with the models loaded waits for the next call.
  numIdleProcesses: 1,
  // Load is jobs in flight, not CPU: a busy CI core must not mark the worker full.
  loadFunc: async (worker) => worker.activeJobs.length / MAX_JOBS,
  loadThreshold: 1,
  host: "127.0.0.1",
  port: config.WORKER_HTTP_PORT,
  logLevel: config.LOG_LEVEL,
  drainTimeout: 10_000,
  initializeProcessTimeout: 30_000,
});

const server = new AgentServer(options);

const beat = async () => {
  await recordHeartbeat({
    id: workerId,
    host: hostname(),
    pid: process.pid,
    activeJobs: server.activeJobs.length ?? 0,
  }).catch((error: unknown) => log.warn("heartbeat failed", { error }));
};
const heartbeat = setInterval(beat, HEARTBEAT_MS);
const stopRetention = scheduleRecordingRetention(config, log);
server.event.on("worker_registered", () => {
  log.info("worker registered with LiveKit", { workerId: server.id });
  void beat();
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info("stopping", { signal });
  clearInterval(heartbeat);
  stopRetention();
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  try {
    await server.drain(10_000);
  } catch (error) {
    log.warn("drain incomplete", { error });
  }
  await server.close();
  process.exit(0);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));

server.run().catch((error: unknown) => {
  log.error("worker failed", { error });
  process.exit(1);
});
