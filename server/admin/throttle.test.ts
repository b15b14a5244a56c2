/**
 * Login throttling and the env-managed admin account against the real
 * database at DATABASE_URL (migrated). Unreachable: skipped locally, failed
 * when CI_REQUIRE_DB=1.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { db, disconnectDb } from "../storage/db";
import { databaseGate } from "../storage/testing/database-gate";
import { KNOWN_CLIENT_MS, LOGIN_WINDOW_MS } from "./rate-limit";
import { recordAuthFailure, recordAuthSuccess, throttle } from "./throttle";

const unreachable = await databaseGate("throttle.test");

/** A fresh copy of the modules that read env(), after changing process.env. */
async function withEnv(vars: Record<string, string>) {
  Object.assign(process.env, vars);
  vi.resetModules();
  const ensure = await import("../storage/admin/ensure-admin");
  const login = await import("./login");
  return { ensureAdminUser: ensure.ensureAdminUser, loginAdmin: login.loginAdmin };
}

describe.skipIf(unreachable !== null)("login throttling (Postgres)", () => {
  const account = `victim-${randomUUID().slice(0, 8)}@example.com`;

  afterAll(async () => {
    await db().loginAttempt.deleteMany({ where: { key: { contains: account } } });
  });

  it("limits an account guessed at from many addresses, but never a client it logged in from", async () => {
    const known = "198.51.100.10";
    const first = await throttle("basic", account, known);
    await recordAuthSuccess(first.attempt);
    // Thirty strangers, one guess each: no per-client or per-pair cap is reached.
    for (let i = 0; i < 30; i++) {
      const { limited, attempt } = await throttle("basic", account, `203.0.113.${i + 1}`);
      expect(limited).toBe(false);
      await recordAuthFailure(attempt);
    }
    expect((await throttle("basic", account, "203.0.113.200")).limited).toBe(true);
    expect((await throttle("login", account, "203.0.113.201")).limited).toBe(true);
    // The administrator's own client still gets in, by address or by the login form's device cookie.
    expect((await throttle("basic", account, known)).limited).toBe(false);
    expect((await throttle("login", account, known)).limited).toBe(false);
    expect((await throttle("login", account, "192.0.2.77", { knownDevice: true })).limited).toBe(false);
  });

  it("prunes failures nobody counts any more, whatever their key", async () => {
    const old = new Date(Date.now() - LOGIN_WINDOW_MS - 60_000);
    const ancient = new Date(Date.now() - KNOWN_CLIENT_MS - 60_000);
    await db().loginAttempt.createMany({
      data: [
        { key: `login-client:stale-${account}`, at: old },
        { key: `known:stale-${account}|1.1.1.1`, at: ancient },
        { key: `known:fresh-${account}|1.1.1.1`, at: old },
      ],
    });
    const { attempt } = await throttle("login", `other-${account}`, "192.0.2.1");
    await recordAuthFailure(attempt);
    const keys = (await db().loginAttempt.findMany({ where: { key: { contains: account } }, select: { key: true } })).map((r) => r.key);
    expect(keys).not.toContain(`login-client:stale-${account}`);
    expect(keys).not.toContain(`known:stale-${account}|1.1.1.1`);
    expect(keys).toContain(`known:fresh-${account}|1.1.1.1`);
  });
});

describe.skipIf(unreachable !== null)("admin account follows ADMIN_EMAIL / ADMIN_PASSWORD (Postgres)", () => {
  const original = { ADMIN_EMAIL: process.env.ADMIN_EMAIL, ADMIN_PASSWORD: process.env.ADMIN_PASSWORD };
  const email = `admin-${randomUUID().slice(0, 8)}@example.com`;
  const client = `192.0.2.${Math.floor(Math.random() * 200) + 1}`;

  afterAll(async () => {
    await db().adminUser.deleteMany({ where: { email: { in: [email, `moved-${email}`] } } });
    // Put the real account back as the environment describes it (these tests replaced it).
    for (const [key, value] of Object.entries(original)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    vi.resetModules();
    await (await import("../storage/admin/ensure-admin")).ensureAdminUser();
    await db().loginAttempt.deleteMany({ where: { key: { contains: email } } });
    await disconnectDb();
  });

  it("re-hashes when ADMIN_PASSWORD changes: the old password and its sessions stop working", async () => {
    const before = await withEnv({ ADMIN_EMAIL: email, ADMIN_PASSWORD: "first-password-1" });
    await before.ensureAdminUser();
    const session = await before.loginAdmin({ email, password: "first-password-1", client });
    expect(session.ok).toBe(true);

    const after = await withEnv({ ADMIN_EMAIL: email, ADMIN_PASSWORD: "second-password-2" });
    await after.ensureAdminUser();
    expect((await after.loginAdmin({ email, password: "first-password-1", client })).ok).toBe(false);
    expect((await after.loginAdmin({ email, password: "second-password-2", client })).ok).toBe(true);
    const user = await db().adminUser.findUniqueOrThrow({ where: { email }, select: { id: true, managedByEnv: true } });
    expect(user.managedByEnv).toBe(true);
    const sessions = await db().adminSession.findMany({ where: { userId: user.id }, select: { id: true } });
    expect(sessions).toHaveLength(1);
  });

  it("removes the account the env named before when ADMIN_EMAIL changes", async () => {
    const moved = await withEnv({ ADMIN_EMAIL: `moved-${email}`, ADMIN_PASSWORD: "third-password-3" });
    await moved.ensureAdminUser();
    expect(await db().adminUser.findUnique({ where: { email } })).toBeNull();
    expect((await moved.loginAdmin({ email, password: "second-password-2", client })).ok).toBe(false);
    expect((await moved.loginAdmin({ email: `moved-${email}`, password: "third-password-3", client })).ok).toBe(true);
  });
});
