// Starts the product's components in dependency order and waits for each.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join, relative } from "node:path";
import { runWithProgress, say, startService, waitFor } from "./proc.mjs";

export function loadDotEnv(root) {
  const file = join(root, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

/** The stack's settings: the same defaults as server/env.ts. */
export function stackConfig(root) {
  const e = process.env;
  const webPort = Number(e.WEB_PORT ?? 3000);
  return {
    root,
    dataDir: join(root, ".data"),
    logDir: join(root, ".data", "logs"),
    webPort,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${webPort}`,
    embeddedDb: !e.DATABASE_URL,
    dbPort: Number(e.PGLITE_PORT ?? 5433),
    databaseUrl: e.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${e.PGLITE_PORT ?? 5433}/postgres?sslmode=disable`,
    livekitUrl: e.LIVEKIT_URL ?? "ws://127.0.0.1:7880",
    livekitKey: e.LIVEKIT_API_KEY ?? "devkey",
    livekitSecret: e.LIVEKIT_API_SECRET ?? "secret",
    workers: Number(e.AGENT_WORKERS ?? 1),
    // `npm start -- --production` (or DEPLOYMENT=production): secrets are checked, LiveKit leaves dev mode.
    production: e.DEPLOYMENT === "production",
  };
}

export function childEnv(cfg, extra = {}) {
  return {
    ...process.env,
    DATABASE_URL: cfg.databaseUrl,
    LIVEKIT_URL: cfg.livekitUrl,
    LIVEKIT_API_KEY: cfg.livekitKey,
    LIVEKIT_API_SECRET: cfg.livekitSecret,
    WEB_PORT: String(cfg.webPort),
    PUBLIC_URL: cfg.publicUrl,
    // Explicit, because the web app runs with NODE_ENV=production even on the embedded local stack.
    DEPLOYMENT: cfg.production ? "production" : "local",
    ONNXRUNTIME_NODE_INSTALL: "skip",
    ...extra,
  };
}

export function portOpen(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startDatabase(cfg) {
  if (!cfg.embeddedDb) {
    say("db", "using DATABASE_URL");
    return;
  }
  if (await portOpen(cfg.dbPort)) throw new Error(`port ${cfg.dbPort} (embedded Postgres) is already in use: stop what holds it or set PGLITE_PORT`);
  const dir = join(cfg.dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  // pglite-socket's server with its query queue fixed for concurrent connections (see the script).
  const service = startService(
    "db",
    process.execPath,
    [join(cfg.root, "scripts", "pglite-server.mjs"), `--db=${dir}`, `--port=${cfg.dbPort}`, "--host=127.0.0.1", "--max-connections=32"],
    { cwd: cfg.root, env: childEnv(cfg), logDir: cfg.logDir, echo: false },
  );
  const pg = (await import("pg")).default;
  await waitFor(
    "embedded Postgres (PGlite)",
    async () => {
      const client = new pg.Client({ connectionString: cfg.databaseUrl });
      try {
        await client.connect();
        await client.query("select 1");
        return true;
      } finally {
        await client.end().catch(() => {});
      }
    },
    { timeoutMs: 90000, intervalMs: 500, service },
  );
  say("db", `embedded Postgres (PGlite) ready on 127.0.0.1:${cfg.dbPort} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

export async function migrateAndSeed(cfg) {
  const env = childEnv(cfg);
  const prisma = join(cfg.root, "node_modules", ".bin", "prisma");
  await runWithProgress("db", "prisma generate", prisma, ["generate"], { cwd: cfg.root, env });
  // `migrate status` exits 1 when migrations are pending; deploy (slower) only then.
  const upToDate = await runWithProgress("db", "prisma migrate status", prisma, ["migrate", "status"], { cwd: cfg.root, env }).then(
    () => true,
    () => false,
  );
  if (!upToDate) await runWithProgress("db", "prisma migrate deploy", prisma, ["migrate", "deploy"], { cwd: cfg.root, env });
  await runWithProgress("db", "seed", join(cfg.root, "node_modules", ".bin", "tsx"), ["prisma/seed.ts"], { cwd: cfg.root, env });
  await runWithProgress("db", "index knowledge base", join(cfg.root, "node_modules", ".bin", "tsx"), ["scripts/index-knowledge.ts"], { cwd: cfg.root, env });
  say("db", "migrations applied, demo data seeded, knowledge base indexed");
}

/** `redisAddress` (host:port): set when Redis runs, so livekit-server shares it with livekit-sip. */
export async function startLivekit(cfg, bin) {
  const url = new URL(cfg.livekitUrl.replace(/^ws/, "http"));
  const port = Number(url.port || 7880);
  if (await portOpen(port)) throw new Error(`port ${port} (LiveKit) is already in use: stop what holds it or set LIVEKIT_URL`);
  const configFile = join(cfg.dataDir, "livekit.yaml");
  mkdirSync(cfg.dataDir, { recursive: true });
  writeFileSync(
    configFile,
    [
      `port: ${port}`,
      "rtc:",
      `  tcp_port: ${Number(process.env.LIVEKIT_TCP_PORT ?? 7881)}`,
      `  udp_port: ${Number(process.env.LIVEKIT_UDP_PORT ?? 7882)}`,
      "  use_external_ip: false",
      // Phone channel: livekit-sip reaches the server (and its SIP API stores trunks) through this same Redis.
      ...(cfg.redisAddress ? ["redis:", `  address: ${cfg.redisAddress}`] : []),
      "keys:",
      `  ${cfg.livekitKey}: ${cfg.livekitSecret}`,
      "webhook:",
      `  api_key: ${cfg.livekitKey}`,
      "  urls:",
      `    - http://127.0.0.1:${cfg.webPort}/api/livekit/webhook`,
      "logging:",
      "  level: warn",
      "",
    ].join("\n"),
  );
  // Dev mode (local only) binds to loopback and relaxes key checks; production runs with the keys alone.
  const service = startService("livekit", bin, [...(cfg.production ? [] : ["--dev"]), "--config", configFile], {
    cwd: cfg.root,
    env: childEnv(cfg),
    logDir: cfg.logDir,
    echo: false,
  });
  await waitFor("LiveKit server", async () => (await fetch(`http://127.0.0.1:${port}/`)).ok, { timeoutMs: 30000, service });
  say("livekit", `LiveKit server ready at ${cfg.livekitUrl} (webhooks → /api/livekit/webhook)`);
}

/** `next build` only when the sources changed since the last build. */
export async function buildWeb(cfg) {
  const hash = sourceHash(cfg.root, ["app", "components", "server", "public", "next.config.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"]);
  const stamp = join(cfg.root, ".next", "source-hash");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
    say("web", "web build is up to date");
    return;
  }
  say("web", "building the web app (next build)…");
  const started = Date.now();
  await runWithProgress("web", "next build", join(cfg.root, "node_modules", ".bin", "next"), ["build"], {
    cwd: cfg.root,
    env: childEnv(cfg, { NEXT_TELEMETRY_DISABLED: "1" }),
  });
  writeFileSync(stamp, hash);
  say("web", `web app built in ${Math.round((Date.now() - started) / 1000)}s`);
}

export async function startWeb(cfg) {
  if (await portOpen(cfg.webPort)) throw new Error(`port ${cfg.webPort} (web) is already in use: stop what holds it or set WEB_PORT`);
  // `next start` behind our own HTTP server, which decides whose X-Forwarded-* headers to believe
  // (TRUSTED_PROXY) and refuses a production env with default secrets before listening.
  const service = startService("web", process.execPath, ["--import", "tsx", "server/web/server.ts"], {
    cwd: cfg.root,
    env: childEnv(cfg, { NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" }),
    logDir: cfg.logDir,
  });
  await waitFor("web app", async () => (await fetch(`http://127.0.0.1:${cfg.webPort}/api/health`)).status === 200, {
    timeoutMs: 60000,
    service,
  });
  say("web", `web app serving on port ${cfg.webPort}`);
}

export async function startWorkers(cfg, count = cfg.workers) {
  const services = [];
  for (let i = 0; i < count; i++) {
    const name = count > 1 ? `worker${i + 1}` : "worker";
    services.push(
      startService(name, process.execPath, ["--import", "tsx", "server/worker/main.ts"], {
        cwd: cfg.root,
        env: childEnv(cfg, { WORKER_HTTP_PORT: String(Number(process.env.WORKER_HTTP_PORT ?? 8081) + i) }),
        logDir: cfg.logDir,
        echo: process.env.WORKER_LOGS === "1",
      }),
    );
  }
  await waitFor(
    "agent worker",
    async () => {
      const res = await fetch(`http://127.0.0.1:${cfg.webPort}/api/health`);
      const body = await res.json();
      return body.worker === "ok" && (body.workers ?? 0) >= count;
    },
    { timeoutMs: 90000, intervalMs: 500, service: services[0] },
  );
  say("worker", `${count} agent worker${count > 1 ? "s" : ""} registered with LiveKit dispatch`);
  return services;
}

function sourceHash(root, entries) {
  const hash = createHash("sha256");
  const visit = (path) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (name === "generated" || name.endsWith(".test.ts")) continue;
        visit(join(path, name));
      }
    } else {
      hash.update(relative(root, path));
      hash.update(readFileSync(path));
    }
  };
  for (const entry of entries) visit(join(root, entry));
  return hash.digest("hex");
}
