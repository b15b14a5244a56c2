import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * A production deployment with the embedded defaults never starts: the web
 * server and the start script's env check both stop before listening, naming
 * each weak secret. (The local stack's defaults are covered by env.test.ts.)
 */
function run(entry: string, extraEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv, WEB_PORT: "3999" };
  for (const name of ["ADMIN_PASSWORD", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET", "VITEST", "VITEST_WORKER_ID"]) if (!(name in extraEnv)) delete env[name];
  return spawnSync(process.execPath, ["--import", "tsx", entry], { env, encoding: "utf8", timeout: 60_000 });
}

describe("production start with default secrets", () => {
  it("the web server refuses to listen, naming each secret", () => {
    const result = run("server/web/server.ts", { NODE_ENV: "production", DEPLOYMENT: "production" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ADMIN_PASSWORD: is the embedded default; a production deployment \(DEPLOYMENT=production\) refuses it/);
    expect(result.stderr).toMatch(/LIVEKIT_API_SECRET: is the LiveKit dev secret/);
    expect(result.stdout).not.toMatch(/listening/);
  });

  it("`npm start -- --production` stops at its env check", () => {
    const result = run("scripts/check-env.ts", { DEPLOYMENT: "production", ADMIN_PASSWORD: "short-pw1" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/ADMIN_PASSWORD: is shorter than 12 characters/);
    const ok = run("scripts/check-env.ts", { DEPLOYMENT: "production", ADMIN_PASSWORD: "a long admin password", LIVEKIT_API_KEY: "APIprod", LIVEKIT_API_SECRET: "s".repeat(40) });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("production deployment");
  });
});
