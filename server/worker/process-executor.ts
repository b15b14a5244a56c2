import { fileURLToPath } from "node:url";
import { AgentServer, ServerOptions, initializeLogger } from "@livekit/agents";
import type { Env } from "../env";
import { drainTimeoutMs } from "./shutdown";

/**
 * AGENT_EXECUTOR=process: @livekit/agents' AgentServer, which runs each call
 * in its own job process (agent.ts) with its own copy of the engines.
 */
export function createProcessExecutor(config: Env): AgentServer {
  initializeLogger({ pretty: false, level: config.LOG_LEVEL });
  return new AgentServer(
    new ServerOptions({
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
    }),
  );
}
