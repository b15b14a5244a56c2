import bcrypt from "bcryptjs";
import { env } from "../../env";
import { db } from "../db";

export const BCRYPT_COST = 12;

let ensured: Promise<void> | undefined;

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no account
 * with that email exists, so a fresh install can log in out of the box. An
 * existing account is left alone (its password may have been changed since).
 * Runs once per process; a failure (database down) is retried next time.
 */
export function ensureAdminUser(): Promise<void> {
  ensured ??= createIfAbsent().catch((error: unknown) => {
    ensured = undefined;
    throw error;
  });
  return ensured;
}

async function createIfAbsent(): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  const email = ADMIN_EMAIL.toLowerCase();
  const existing = await db().adminUser.findUnique({ where: { email }, select: { id: true } });
  if (existing) return;
  const passwordHash = await bcrypt.hash(ADMIN_PASSWORD, BCRYPT_COST);
  // Another process may have created it meanwhile: then keep theirs.
  await db().adminUser.upsert({ where: { email }, create: { email, passwordHash }, update: {} });
}
