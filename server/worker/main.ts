import { hostname } from "node:os";
import { createLogger } from "../core/log";
import { env } from "../env";
import { recordHeartbeat } from "../storage/workers/record-heartbeat";
import { scheduleRecordingRetention } from "./recording-retention";
import { gracefulStop } from "./shutdown";

/**
 * Agent worker entry. It registers with LiveKit's agent dispatch over the
 * /agent WebSocket, so LiveKit hands every new room to exactly one worker;
 * N copies of this process share the load. AGENT_EXECUTOR picks whether the
 * calls run inside this process (shared engines) or one job process each.
 */
const config = env();
const log = createLogger({ svc: "worker", pid: process.pid, executor: config.AGENT_EXECUTOR }, config.LOG_LEVEL);
const HEARTBEAT_MS = 5000;

const workerId = `${hostname()}-${process.pid}`;

// Imported on demand: the shared executor never loads @livekit/agents (and its job-process machinery).
const server =
  config.AGENT_EXECUTOR === "shared"
    ? await (await import("./dispatch")).createSharedExecutor(config, log)
    : (await import("./process-executor")).createProcessExecutor(config);

if (config.AGENT_EXECUTOR === "shared") {
  // Calls share this process (installed after start-up, which must still fail loudly): one call's stray
  // rejection or throw is logged, never the end of every other call.
  process.on("unhandledRejection", (error) => log.error("unhandled rejection (worker kept running)", { error }));
  process.on("uncaughtException", (error) => log.error("uncaught exception (worker kept running)", { error }));
}

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
if ("event" in server) {
  server.event.on("worker_registered", () => {
    log.info("worker registered with LiveKit", { workerId: server.id });
    void beat();
  });
} else void beat();

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
