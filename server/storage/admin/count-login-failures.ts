import { db } from "../db";

/** Failures per key since `since` (rate limiting; see server/admin/rate-limit.ts). */
export async function countLoginFailures(options: { keys: string[]; since: Date }): Promise<Map<string, number>> {
  const rows = await db().loginAttempt.groupBy({
    by: ["key"],
    where: { key: { in: options.keys }, at: { gte: options.since } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.key, row._count._all]));
}
