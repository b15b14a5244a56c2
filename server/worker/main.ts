import { fileURLToPath } from "node:url";
import { hostname } from "node:os";
import { AgentServer, ServerOptions, initializeLogger } from "@livekit/agents";
import { createLogger } from "../core/log";
import { env } from "../env";
import { recordHeartbeat } from "../storage/workers/record-heartbeat";
import { scheduleRecordingRetention } from "./recording-retention";
import { drainTimeoutMs, gracefulStop } from "./shutdown";

/**
 * Agent worker entry. It registers with LiveKit's agent dispatch over the
 * /agent WebSocket (the @livekit/agents AgentServer), so LiveKit hands every
 * new room to exactly one worker; N copies of this process share the load.
 */
const config = env();
const log = createLogger({ svc: "worker", pid: process.pid }, config.LOG_LEVEL);
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
  loadFunc: async (worker) => worker.activeJobs.length / config.AGENT_MAX_JOBS,
  loadThreshold: 1,
  host: "127.0.0.1",
  port: config.WORKER_HTTP_PORT,
  logLevel: config.LOG_LEVEL,
  // A stopping worker lets its live calls finish (up to the longest call), taking no new ones.
  drainTimeout: drainTimeoutMs(config.MAX_CALL_DURATION_MS),
  initializeProcessTimeout: config.AGENT_PREWARM_TIMEOUT_MS,
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

const stop = gracefulStop(server, { maxCallMs: config.MAX_CALL_DURATION_MS, log, exit: (code) => process.exit(code) });
const onSignal = (signal: string) => {
  clearInterval(heartbeat);
  stopRetention();
  void stop(signal);
};
process.on("SIGINT", () => onSignal("SIGINT"));
process.on("SIGTERM", () => onSignal("SIGTERM"));

server.run().catch((error: unknown) => {
  log.error("worker failed", { error });
  process.exit(1);
});
