import { db } from "../db";

/** Records one failure under each key, and drops that key's records older than `pruneBefore`. */
export async function recordLoginFailure(options: { keys: string[]; pruneBefore: Date }): Promise<void> {
  await db().$transaction([
    db().loginAttempt.createMany({ data: options.keys.map((key) => ({ key })) }),
    db().loginAttempt.deleteMany({ where: { key: { in: options.keys }, at: { lt: options.pruneBefore } } }),
  ]);
}
