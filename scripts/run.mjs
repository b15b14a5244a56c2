#!/usr/bin/env node
// `npm start` and `npm test`: set up a fresh machine, start the whole product
// on embedded defaults, and (for test) run every check against it.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkNode, ensureDebianPackages, ensureLivekitServer, ensureNpmDeps, ensureVosk } from "./lib/prereqs.mjs";
import { ensureHibari } from "./lib/hibari.mjs";
import { fail, runWithProgress, say, stopAll } from "./lib/proc.mjs";
import { ensureSipBridge, ensureSipPackages, redisAddress, startRedis, startSip } from "./lib/sip.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv[2] === "test" ? "test" : "start";
// `npm start -- --production`: a real deployment, which refuses default or short secrets.
const production = process.argv.includes("--production");

let shuttingDown = false;
/**
 * SIGTERM (a service manager stopping the stack) lets the agent workers drain: they take no new
 * calls and finish the live ones, up to the longest call. Ctrl-C and the end of `npm test` stop at once.
 */
async function shutdown(code, { drainCalls = false } = {}) {
  if (shuttingDown) return;
  shuttingDown = true;
  say("setup", drainCalls ? "stopping; agent workers finish their live calls first…" : "stopping…");
  const drainMs = Number(process.env.MAX_CALL_DURATION_MS ?? 900_000) + 35_000;
  const workers = Number(process.env.AGENT_WORKERS ?? 1);
  const graceFor = drainCalls ? Object.fromEntries(["worker", ...Array.from({ length: workers }, (_, i) => `worker${i + 1}`)].map((name) => [name, drainMs])) : {};
  await stopAll(12000, graceFor);
  say("setup", "stopped");
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(130));
process.on("SIGTERM", () => void shutdown(143, { drainCalls: true }));

async function main() {
  const started = Date.now();
  checkNode();
  await ensureNpmDeps(root);
  // Loaded after npm ci: these import nothing from node_modules before it exists.
  const stack = await import("./lib/stack.mjs");
  stack.loadDotEnv(root);
  if (production) process.env.DEPLOYMENT = "production";
  // The browser specs all connect from 127.0.0.1 and open a room each, back to back; the per-client
  // limits stay on (e2e/abuse.spec.ts checks them at these values from other loopback addresses).
  if (mode === "test") {
    process.env.MAX_ROOMS_PER_CLIENT ??= "12";
    process.env.TOKEN_RATE_LIMIT_PER_MINUTE ??= "30";
  }
  const cfg = stack.stackConfig(root);
  await checkEnv(cfg, stack);
  await ensureDebianPackages(mode === "test" ? ["chromium", "opus-tools"] : ["opus-tools"]);
  await ensureVosk(root);
  await ensureHibari(root);
  const livekitBin = await ensureLivekitServer(root);
  await ensureSipPackages(mode);
  const sip = await ensureSipBridge(root);
  if (!sip.bin) {
    // The phone specs need the bridge: a test run without it fails here with the reason, never skips them.
    if (mode === "test") throw new Error(`the SIP bridge is required by the tests: ${sip.reason}`);
    say("sip", `phone channel off: ${sip.reason}`);
  }
  await stack.startDatabase(cfg);
  await stack.migrateAndSeed(cfg);
  await startRedis(cfg);
  await stack.startLivekit({ ...cfg, redisAddress: redisAddress() }, livekitBin);
  if (sip.bin) await startSip(cfg, sip.bin);
  await stack.buildWeb(cfg);
  await stack.startWeb(cfg);
  await stack.startWorkers(cfg);
  say("setup", `ready in ${Math.round((Date.now() - started) / 1000)}s`);

  if (mode === "start") {
    say("web", `open ${cfg.publicUrl} and click the mic (admin: ${cfg.publicUrl}/admin). Ctrl-C stops everything.`);
    return;
  }
  const env = stack.childEnv(cfg, { CI_REQUIRE_DB: "1", PUBLIC_URL: `http://127.0.0.1:${cfg.webPort}` });
  const bin = (name) => join(root, "node_modules", ".bin", name);
  const steps = [
    ["typecheck", bin("tsc"), ["--noEmit"]],
    ["lint", bin("eslint"), ["."]],
    ["drift check", process.execPath, ["scripts/db-drift-check.mjs"]],
    ["unit tests", bin("vitest"), ["run"]],
    // The SIP bridge's own tests, including the wire test against this livekit-server and Redis.
    ["SIP bridge tests (go test)", "go", ["test", "-count=1", "./..."], { cwd: join(root, "server", "sip-bridge"), env: { ...env, CGO_ENABLED: "1", LIVEKIT_SERVER_BIN: livekitBin } }],
    ["e2e", bin("playwright"), ["test"]],
  ];
  for (const [label, cmd, args, options] of steps) {
    const t = Date.now();
    say("test", `${label}…`);
    try {
      const output = await runWithProgress("test", label, cmd, args, options ?? { cwd: root, env });
      process.stdout.write(output.split("\n").slice(-40).join("\n") + "\n");
    } catch (error) {
      // The whole report of a failed step: which test failed matters more than the last lines.
      process.stdout.write(String(error.fullOutput ?? error.message) + "\n");
      throw new Error(`${label} failed`);
    }
    say("test", `${label} passed in ${Math.round((Date.now() - t) / 1000)}s`);
  }
  say("test", "all checks passed");
  await shutdown(0);
}

/** Fails before anything starts when the env is wrong (in production: default or short secrets), naming each variable. */
async function checkEnv(cfg, stack) {
  try {
    await runWithProgress("setup", "env check", join(root, "node_modules", ".bin", "tsx"), ["scripts/check-env.ts"], { cwd: root, env: stack.childEnv(cfg) });
  } catch (error) {
    throw new Error(String(error.message).replace(/^env check failed \(exit \d+\):\n/, ""));
  }
  if (cfg.production) {
    say("setup", "production deployment: secrets checked; LiveKit runs without --dev");
    return;
  }
  const defaults = [
    !process.env.ADMIN_PASSWORD || process.env.ADMIN_PASSWORD === "change-me-now" ? "admin login admin@example.com / change-me-now" : undefined,
    cfg.livekitKey === "devkey" || cfg.livekitSecret === "secret" ? "LiveKit dev keys (devkey / secret, --dev)" : undefined,
  ].filter(Boolean);
  if (defaults.length > 0) {
    say("setup", `local deployment with the embedded defaults: ${defaults.join("; ")}. Fine on this machine only; deploy with \`npm start -- --production\` and your own secrets (.env.example).`);
  }
}

main().catch(async (error) => {
  fail("setup", error instanceof Error ? error.message : String(error));
  await shutdown(1);
});
