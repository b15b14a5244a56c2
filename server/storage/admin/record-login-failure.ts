import { db } from "../db";

/**
 * Records one failure under each key, and prunes what no limit reads any more:
 * failures from before `pruneBefore` and known-client marks from before
 * `pruneKnownBefore`, whatever their key (a table that only grows is a slow
 * leak of addresses and emails).
 */
export async function recordLoginFailure(options: { keys: string[]; pruneBefore: Date; pruneKnownBefore: Date }): Promise<void> {
  await db().$transaction([
    db().loginAttempt.createMany({ data: options.keys.map((key) => ({ key })) }),
    db().loginAttempt.deleteMany({
      where: {
        OR: [
          { at: { lt: options.pruneBefore }, NOT: { key: { startsWith: "known:" } } },
          { at: { lt: options.pruneKnownBefore }, key: { startsWith: "known:" } },
        ],
      },
    }),
  ]);
}
