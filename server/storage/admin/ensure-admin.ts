import bcrypt from "bcryptjs";
import { env } from "../../env";
import { db } from "../db";

export const BCRYPT_COST = 12;

let ensured: Promise<void> | undefined;

/**
 * Keeps the admin account in step with ADMIN_EMAIL / ADMIN_PASSWORD, so a
 * fresh install can log in out of the box and a changed password replaces the
 * old one (which stops working, with every session opened under it):
 * - no account with that email: it is created;
 * - its stored hash does not match ADMIN_PASSWORD: re-hashed, sessions ended;
 * - an account the env created earlier under another email: removed.
 * Runs once per process (seed at start-up, then the first admin request); a
 * failure (database down) is retried next time.
 */
export function ensureAdminUser(): Promise<void> {
  ensured ??= syncFromEnv().catch((error: unknown) => {
    ensured = undefined;
    throw error;
  });
  return ensured;
}

async function syncFromEnv(): Promise<void> {
  const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
  const email = ADMIN_EMAIL.toLowerCase();
  await db().adminUser.deleteMany({ where: { managedByEnv: true, email: { not: email } } });
  const existing = await db().adminUser.findUnique({ where: { email }, select: { id: true, passwordHash: true, managedByEnv: true } });
  if (existing && existing.managedByEnv && (await bcrypt.compare(ADMIN_PASSWORD, existing.passwordHash))) return;
  const passwordHash = await bcrypt.hash(ADMIN_PASSWORD, BCRYPT_COST);
  if (!existing) {
    // Another process may have created it meanwhile: then keep theirs.
    await db().adminUser.upsert({ where: { email }, create: { email, passwordHash, managedByEnv: true }, update: {} });
    return;
  }
  await db().$transaction([
    db().adminUser.update({ where: { id: existing.id }, data: { passwordHash, managedByEnv: true } }),
    db().adminSession.deleteMany({ where: { userId: existing.id } }),
  ]);
}

/** Test hook: forget that this process already synced (the env changed). */
export function resetEnsureAdminForTests(): void {
  ensured = undefined;
}
