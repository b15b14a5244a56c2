import { db } from "../db";

/** Marks a client an account logged in from (one row per key, refreshed). */
export async function rememberKnownClient(options: { key: string }): Promise<void> {
  await db().$transaction([db().loginAttempt.deleteMany({ where: { key: options.key } }), db().loginAttempt.create({ data: { key: options.key } })]);
}
