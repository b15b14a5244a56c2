import { db } from "../db";

/** True when the account logged in from this client since `since` (key from knownClientKey). */
export async function isKnownClient(options: { key: string; since: Date }): Promise<boolean> {
  const row = await db().loginAttempt.findFirst({ where: { key: options.key, at: { gte: options.since } }, select: { id: true } });
  return row !== null;
}
