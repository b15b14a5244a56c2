import { db } from "../db";

export interface ExpiredRecording {
  id: string;
  paths: string[];
}

/** Recordings stored before `before` (past their retention), oldest first, with every file they own. */
export async function listExpiredRecordings(options: { before: Date; limit?: number }): Promise<ExpiredRecording[]> {
  const rows = await db().recording.findMany({
    where: { createdAt: { lt: options.before } },
    orderBy: { createdAt: "asc" },
    take: options.limit ?? 500,
    select: { id: true, path: true, callerPath: true, agentPath: true },
  });
  return rows.map((row) => ({ id: row.id, paths: [row.path, row.callerPath, row.agentPath].filter((p): p is string => Boolean(p)) }));
}
