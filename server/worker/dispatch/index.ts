import { createRequire } from "node:module";
import type { Logger } from "../../core/log";
import { livekitHttpUrl, type Env } from "../../env";
import { runCall } from "../call";
import { loadEngines } from "../engines";
import { AgentDispatchClient, RoomServiceClient } from "livekit-server-sdk";
import { redispatchOrphanedRooms } from "./orphan-rooms";
import { SharedWorker } from "./shared-worker";

/** Time a call asked to end gets to store its conversation and recording before its room is left. */
const CALL_CLOSE_TIMEOUT_MS = 15_000;

/**
 * AGENT_EXECUTOR=shared: loads the engines once, then takes up to
 * AGENT_MAX_JOBS calls at a time in this process.
 */
export async function createSharedExecutor(config: Env, log: Logger): Promise<SharedWorker> {
  const startedAt = Date.now();
  const engines = await loadEngines(config);
  log.info("engines loaded", { loadMs: Date.now() - startedAt });
  // The project's own version: this worker is not @livekit/agents, so it does not claim that SDK's.
  const version = (createRequire(import.meta.url)("../../../package.json") as { version: string }).version;
  return new SharedWorker({
    dispatch: {
      url: config.LIVEKIT_URL,
      apiKey: config.LIVEKIT_API_KEY,
      apiSecret: config.LIVEKIT_API_SECRET,
      agentName: config.AGENT_NAME,
      version,
    },
    maxJobs: config.AGENT_MAX_JOBS,
    engines,
    entry: runCall,
    log,
    http: { host: "127.0.0.1", port: config.WORKER_HTTP_PORT },
    closeTimeoutMs: CALL_CLOSE_TIMEOUT_MS,
    sweepOrphans: (served) => {
      const http = livekitHttpUrl(config.LIVEKIT_URL);
      const rooms = new RoomServiceClient(http, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
      const dispatches = new AgentDispatchClient(http, config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
      return redispatchOrphanedRooms(
        {
          listRooms: () => rooms.listRooms(),
          listParticipants: (room) => rooms.listParticipants(room),
          listDispatches: (room) => dispatches.listDispatch(room),
          createDispatch: (room, agentName, metadata) => dispatches.createDispatch(room, agentName, { metadata }),
        },
        config.AGENT_NAME,
        log,
        served,
      );
    },
  });
}
