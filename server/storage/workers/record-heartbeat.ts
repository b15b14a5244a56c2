import { db } from "../db";

export interface RecordHeartbeatOptions {
  /** Stable for the life of the worker process, e.g. `${host}:${pid}`. */
  id: string;
  host: string;
  pid: number;
  activeJobs: number;
}

/**
 * Records that a worker is alive. The time is the database's clock, so workers
 * on different machines and the health check agree on "recent".
 */
export async function recordHeartbeat(options: RecordHeartbeatOptions): Promise<void> {
  const { id, host, pid, activeJobs } = options;
  await db().$executeRaw`
    INSERT INTO worker_heartbeats (id, host, pid, active_jobs, seen_at)
    VALUES (${id}, ${host}, ${pid}::int, ${activeJobs}::int, now())
    ON CONFLICT (id) DO UPDATE
      SET host = EXCLUDED.host, pid = EXCLUDED.pid,
          active_jobs = EXCLUDED.active_jobs, seen_at = EXCLUDED.seen_at`;
}
