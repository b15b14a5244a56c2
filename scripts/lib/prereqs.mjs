// Gets what the product needs onto a fresh machine: npm dependencies, Debian
// packages, and the pinned LiveKit binaries built from the Go module proxy.
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync, copyFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { say, run, runWithProgress } from "./proc.mjs";

export const LIVEKIT_SERVER_VERSION = "v1.13.5";

export function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Node ${process.versions.node} is too old: install Node 20.19 or newer (https://nodejs.org).`);
  }
}

function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

export async function ensureNpmDeps(root) {
  const marker = join(root, "node_modules", ".package-lock.json");
  const lock = join(root, "package-lock.json");
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say("setup", "installing npm dependencies (npm install)…");
  // Not `npm ci`: this registry mirror 404s other platforms' optional binaries
  // (e.g. @tailwindcss/oxide-android-arm64), so the lock can never list them and
  // `npm ci` refuses it as out of sync. `npm install` follows the lock otherwise.
  await runWithProgress("setup", "npm install", "npm", ["install", "--no-audit", "--no-fund"], {
    cwd: root,
    // onnxruntime-node ships its CPU binary; its postinstall would try a download.
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip", npm_config_onnxruntime_node_install: "skip" },
  });
  say("setup", "npm dependencies installed");
}

/** Debian packages, each with a file that proves it is installed. */
const debianPackages = {
  pocketsphinx: ["/usr/lib/x86_64-linux-gnu/libpocketsphinx.so.3", "/usr/share/pocketsphinx/model/en-us/en-us/mdef"],
  "pocketsphinx-en-us": ["/usr/share/pocketsphinx/model/en-us/en-us.lm.bin"],
  "redis-server": ["/usr/bin/redis-server"],
  chromium: ["/usr/bin/chromium"],
  // livekit-sip's cgo build, and the test SIP peer (Debian calls sipp "sip-tester").
  "pkg-config": ["/usr/bin/pkg-config"],
  "libopus-dev": ["/usr/include/opus/opus.h"],
  "libopusfile-dev": ["/usr/include/opus/opusfile.h"],
  "libsoxr-dev": ["/usr/include/soxr.h"],
  "sip-tester": ["/usr/bin/sipp"],
  sox: ["/usr/bin/sox"],
  flite: ["/usr/bin/flite"],
};

export async function ensureDebianPackages(names) {
  const missing = names.filter((name) => !(debianPackages[name] ?? []).every((f) => existsSync(f)));
  if (missing.length === 0) return;
  const canInstall = has("apt-get") && process.getuid?.() === 0;
  if (!canInstall) {
    throw new Error(
      `missing Debian packages: ${missing.join(", ")}. Install them with: sudo apt-get install -y ${missing.join(" ")}`,
    );
  }
  say("setup", `installing Debian packages: ${missing.join(", ")} (apt-get)…`);
  await runWithProgress("setup", "apt-get update", "apt-get", ["update", "-qq"]);
  await runWithProgress("setup", "apt-get install", "apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  say("setup", "Debian packages installed");
}

/**
 * livekit-server from PATH, else built once with the pinned `go install`
 * (later tags carry replace directives that go install refuses) and cached in
 * .cache/bin; rebuilt only when the pin changes.
 */
export async function ensureLivekitServer(root) {
  if (has("livekit-server")) {
    const version = spawnSync("livekit-server", ["--version"], { encoding: "utf8" }).stdout ?? "";
    say("livekit", `using livekit-server from PATH (${version.trim()})`);
    return "livekit-server";
  }
  const binDir = join(root, ".cache", "bin");
  const bin = join(binDir, "livekit-server");
  const stamp = `${bin}.version`;
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === LIVEKIT_SERVER_VERSION) return bin;
  if (!has("go")) {
    throw new Error("livekit-server is not on PATH and Go is missing to build it: install Go 1.24+ (https://go.dev/dl) or put livekit-server on PATH.");
  }
  mkdirSync(binDir, { recursive: true });
  const gobin = join(root, ".cache", "gobin");
  say("livekit", `building livekit-server ${LIVEKIT_SERVER_VERSION} with go install (first run only, a few minutes)…`);
  await runWithProgress(
    "livekit",
    "go install livekit-server",
    "go",
    ["install", `github.com/livekit/livekit-server/cmd/server@${LIVEKIT_SERVER_VERSION}`],
    { env: { ...process.env, GOBIN: gobin, CGO_ENABLED: "0" } },
  );
  copyFileSync(join(gobin, "server"), bin);
  chmodSync(bin, 0o755);
  writeFileSync(stamp, LIVEKIT_SERVER_VERSION + "\n");
  say("livekit", "livekit-server built");
  return bin;
}

export { run };
