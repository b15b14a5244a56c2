import { db } from "../db";

/** A successful login forgives the client's earlier failures. */
export async function clearLoginFailures(options: { keys: string[] }): Promise<void> {
  await db().loginAttempt.deleteMany({ where: { key: { in: options.keys } } });
}
