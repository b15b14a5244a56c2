// The phone channel's processes: Redis (shared by livekit-server and the SIP
// bridge), the SIP bridge (livekit-sip from PATH, else the project's own
// Go bridge in server/sip-bridge, built here), and the idempotent
// provisioning of its inbound trunk and dispatch rule.
import { createHash } from "node:crypto";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";
import { join, relative } from "node:path";
import { ensureDebianPackages } from "./prereqs.mjs";
import { runWithProgress, say, startService, waitFor } from "./proc.mjs";

/** Redis, the bridge's cgo build dependencies (opus, opusfile, soxr), and (for tests) the sipp peer with flite + sox for its audio. */
export async function ensureSipPackages(mode) {
  const build = ["redis-server", "pkg-config", "libopus-dev", "libopusfile-dev", "libsoxr-dev"];
  await ensureDebianPackages([...build, ...(mode === "test" ? ["sip-tester", "flite", "sox"] : [])]);
}

/** host:port of REDIS_URL, the address both LiveKit processes are configured with. */
export function redisAddress() {
  const url = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  return `${url.hostname}:${url.port || 6379}`;
}

/**
 * The SIP bridge binary: a `livekit-sip` on PATH when there is one, else the
 * embedded bridge (server/sip-bridge) built with `go build` (cgo: opus,
 * opusfile, soxr) into .cache/bin/sip-bridge. The build is skipped while a
 * hash of the bridge's sources (go.mod, go.sum, non-test *.go) matches the
 * stamp beside the binary. Returns null with the reason when it cannot be
 * had: the phone channel is then off and the rest of the stack runs.
 */
export async function ensureSipBridge(root) {
  if (onPath("livekit-sip")) {
    say("sip", "using livekit-sip from PATH");
    return { bin: "livekit-sip" };
  }
  const src = join(root, "server", "sip-bridge");
  const binDir = join(root, ".cache", "bin");
  const bin = join(binDir, "sip-bridge");
  const stamp = `${bin}.sources`;
  const hash = bridgeSourceHash(src);
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash) return { bin };
  if (!onPath("go")) return { bin: null, reason: "Go is missing to build the SIP bridge: install Go 1.26+ or put livekit-sip on PATH" };
  if (!onPath("cc") && !onPath("gcc")) return { bin: null, reason: "the SIP bridge needs a C compiler for cgo (apt-get install gcc)" };
  mkdirSync(binDir, { recursive: true });
  const started = Date.now();
  say("sip", existsSync(bin) ? "rebuilding the SIP bridge (its sources changed)…" : "building the SIP bridge (first run only, ~3-4 min)…");
  try {
    // Built beside the target and renamed: a half-written binary is never started.
    await runWithProgress("sip", "go build sip-bridge", "go", ["build", "-buildvcs=false", "-o", `${bin}.tmp`, "./cmd/sip-bridge"], {
      cwd: src,
      env: { ...process.env, CGO_ENABLED: "1" },
    });
  } catch (error) {
    const detail = String(error.message).split("\n").find((l) => /go: |error|cannot|undefined|not found/i.test(l)) ?? "see output above";
    return { bin: null, reason: `the SIP bridge could not be built (${detail.trim()}); put livekit-sip on PATH to enable phone calls` };
  }
  renameSync(`${bin}.tmp`, bin);
  chmodSync(bin, 0o755);
  writeFileSync(stamp, hash + "\n");
  say("sip", `SIP bridge built in ${Math.round((Date.now() - started) / 1000)}s`);
  return { bin };
}


/** sha256 over the bridge's build inputs; tests and docs do not change the binary. */
function bridgeSourceHash(src) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "testdata") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "go.mod" || entry.name === "go.sum" || (entry.name.endsWith(".go") && !entry.name.endsWith("_test.go"))) files.push(path);
    }
  };
  walk(src);
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    hash.update(relative(src, file) + "\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** redis-server on REDIS_URL's port, in-memory only: room and SIP routing state is rebuilt at start. */
export async function startRedis(cfg) {
  const [host, port] = redisAddress().split(":");
  if (await redisPing(host, Number(port))) throw new Error(`port ${port} (Redis) is already in use: stop what holds it or set REDIS_URL`);
  const dir = join(cfg.dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const service = startService("redis", "redis-server", ["--bind", host, "--port", port, "--dir", dir, "--save", "", "--appendonly", "no"], {
    cwd: cfg.root,
    logDir: cfg.logDir,
    echo: false,
  });
  await waitFor("Redis", () => redisPing(host, Number(port)), { timeoutMs: 15000, service });
  say("redis", `Redis ready on ${host}:${port}`);
}

/**
 * The bridge's config, in livekit-sip's keys (the embedded bridge reads the
 * same file; its own keys — max_concurrent_calls, media_timeout, … — keep
 * their defaults). It listens on every address so both loopback and the
 * machine's own address can call.
 */
export function sipBridgeConfig(cfg) {
  const sipPort = Number(process.env.SIP_PORT ?? 5060);
  const healthPort = Number(process.env.SIP_HEALTH_PORT ?? 8070);
  return {
    sipPort,
    healthPort,
    yaml: [
      `api_key: ${cfg.livekitKey}`,
      `api_secret: ${cfg.livekitSecret}`,
      `ws_url: ${cfg.livekitUrl}`,
      "redis:",
      `  address: ${redisAddress()}`,
      `sip_port: ${sipPort}`,
      `rtp_port: ${process.env.SIP_RTP_PORTS ?? "10000-10100"}`,
      `health_port: ${healthPort}`,
      // true would do a STUN lookup, which fails offline.
      "use_external_ip: false",
      // Its local-IP picker skips loopback: name the address it announces in SDP/Contact.
      `nat_1_to_1_ip: ${process.env.SIP_ANNOUNCE_IP ?? primaryAddress() ?? "127.0.0.1"}`,
      "logging:",
      "  level: info",
      "",
    ].join("\n"),
  };
}

/**
 * Starts the SIP bridge (either binary takes the same YAML and answers the
 * same health check) against the running LiveKit server, waits for it, then
 * provisions the trunk and dispatch rule.
 */
export async function startSip(cfg, bin) {
  const { sipPort, healthPort, yaml } = sipBridgeConfig(cfg);
  const configFile = join(cfg.dataDir, "sip-bridge.yaml");
  writeFileSync(configFile, yaml);
  const service = startService("sip", bin, ["--config", configFile], { cwd: cfg.root, env: process.env, logDir: cfg.logDir, echo: false });
  await waitFor("the SIP bridge", async () => (await fetch(`http://127.0.0.1:${healthPort}/`)).ok && (await sipAnswers("127.0.0.1", sipPort)), {
    timeoutMs: 30000,
    intervalMs: 500,
    service,
  });
  await runWithProgress("sip", "provision SIP trunk", join(cfg.root, "node_modules", ".bin", "tsx"), ["scripts/provision-sip.ts"], {
    cwd: cfg.root,
    env: { ...process.env, LIVEKIT_URL: cfg.livekitUrl, LIVEKIT_API_KEY: cfg.livekitKey, LIVEKIT_API_SECRET: cfg.livekitSecret },
  }).then((out) => say("sip", out.trim().split("\n").at(-1) ?? "provisioned"));
  // The web app's health check reports the bridge only when it was started.
  process.env.SIP_ENABLED = "1";
  const host = primaryAddress() ?? "127.0.0.1";
  say("sip", `call the agent: sip:agent@${host}:${sipPort} (or sip:agent@127.0.0.1:${sipPort}), PCMU/PCMA over UDP`);
  return service;
}

/** The first non-internal IPv4 address: what callers on the LAN dial. */
export function primaryAddress() {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  }
  return undefined;
}

function redisPing(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (d) => done(String(d).startsWith("+PONG")));
    socket.once("error", () => done(false));
  });
}

/** True when a SIP OPTIONS to host:port gets any SIP response. */
export function sipAnswers(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (ok) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    socket.on("message", (msg) => finish(msg.toString("utf8", 0, 7) === "SIP/2.0"));
    socket.on("error", () => finish(false));
    socket.bind(0, "127.0.0.1", () => {
      const { port: localPort } = socket.address();
      const tag = Math.random().toString(36).slice(2);
      const request = [
        `OPTIONS sip:probe@${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${tag}`,
        "Max-Forwards: 70",
        `From: <sip:probe@127.0.0.1>;tag=${tag}`,
        `To: <sip:probe@${host}>`,
        `Call-ID: ${tag}@127.0.0.1`,
        "CSeq: 1 OPTIONS",
        `Contact: <sip:probe@127.0.0.1:${localPort}>`,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
      socket.send(request, port, host);
    });
  });
}
