import { RoomServiceClient, SipClient } from "livekit-server-sdk";
import { sipAnswersOptions } from "./channels/sip/options-probe";
import { env, livekitHttpUrl } from "./env";
import { db } from "./storage/db";
import { countLiveWorkers } from "./storage/workers/count-live-workers";

export type ComponentState = "ok" | "down" | "disabled";

export interface HealthReport {
  status: "ok" | "degraded";
  db: ComponentState;
  livekit: ComponentState;
  sip: ComponentState;
  worker: ComponentState;
  workers: number;
}

const WORKER_STALE_MS = 15_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms)),
  ]);
}

/** Probes each component with a short timeout; never throws. */
export async function checkHealth(): Promise<HealthReport> {
  const config = env();
  const dbState = withTimeout(db().$queryRaw`select 1`, 2000).then(
    () => "ok" as const,
    () => "down" as const,
  );
  const livekit = withTimeout(
    new RoomServiceClient(
      livekitHttpUrl(config.LIVEKIT_URL),
      config.LIVEKIT_API_KEY,
      config.LIVEKIT_API_SECRET,
    ).listRooms(),
    2000,
  ).then(
    () => "ok" as const,
    () => "down" as const,
  );
  const workers = withTimeout(countLiveWorkers({ withinMs: WORKER_STALE_MS }), 2000).catch(() => 0);
  // The bridge is up when LiveKit's SIP API answers (routing state in the shared Redis) and its SIP port does.
  const sip: Promise<ComponentState> = !config.SIP_ENABLED
    ? Promise.resolve("disabled")
    : Promise.all([
        withTimeout(
          new SipClient(livekitHttpUrl(config.LIVEKIT_URL), config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET).listSipInboundTrunk(),
          2000,
        ),
        sipAnswersOptions("127.0.0.1", config.SIP_PORT, 1500),
      ]).then(
        ([, answers]) => (answers ? "ok" : "down"),
        () => "down",
      );
  const [dbResult, livekitResult, workerCount, sipResult] = await Promise.all([dbState, livekit, workers, sip]);
  const report: HealthReport = {
    status: "ok",
    db: dbResult,
    livekit: livekitResult,
    sip: sipResult,
    worker: workerCount > 0 ? "ok" : "down",
    workers: workerCount,
  };
  if (report.db !== "ok" || report.livekit !== "ok" || report.worker !== "ok" || report.sip === "down") report.status = "degraded";
  return report;
}
