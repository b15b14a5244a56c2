import { db } from "../db";

/** Workers whose last heartbeat is at most `withinMs` old (by the database's clock). */
export async function countLiveWorkers(options: { withinMs: number }): Promise<number> {
  const rows = await db().$queryRaw<{ live: number }[]>`
    SELECT count(*)::int AS live
    FROM worker_heartbeats
    WHERE seen_at > now() - make_interval(secs => ${options.withinMs / 1000}::float8)`;
  return rows[0]?.live ?? 0;
}
