// Gets what the product needs onto a fresh machine: npm dependencies, Debian
// packages, the pinned LiveKit binaries built from the Go module proxy, and
// the Vosk speech model and library from Maven Central and PyPI.
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync, copyFileSync, chmodSync, rmSync, renameSync, readdirSync, createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { say, run, runWithProgress } from "./proc.mjs";
import { readZip } from "./zip.mjs";

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
  // Call recordings: the worker encodes Ogg/Opus with opusenc (tests decode with opusdec).
  "opus-tools": ["/usr/bin/opusenc", "/usr/bin/opusdec"],
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

/**
 * The offline recogniser: Vosk's small English model (Maven Central aar,
 * model under assets/model-en-us/) and libvosk.so (PyPI wheel), both checked
 * against the hashes their registries publish, cached in .cache/vosk with a
 * version stamp. Returns the paths env.ts defaults to.
 */
export const VOSK_VERSION = "0.3.45";
const voskModelAar = `https://repo1.maven.org/maven2/com/alphacephei/vosk-model-en/${VOSK_VERSION}/vosk-model-en-${VOSK_VERSION}.aar`;
const voskWheelPlatform = "manylinux_2_12_x86_64";
const voskLatticeBeam = "6.0";

export async function ensureVosk(root) {
  const dir = join(root, ".cache", "vosk");
  const modelDir = join(dir, "model-en-us");
  const library = join(dir, "libvosk.so");
  const stamp = join(dir, "version");
  const wanted = `vosk-model-en ${VOSK_VERSION} (lattice-beam ${voskLatticeBeam}); libvosk ${VOSK_VERSION} linux-x86_64`;
  const present = () => existsSync(join(modelDir, "am", "final.mdl")) && existsSync(library);
  if (present() && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) return { modelDir, library };
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(`the offline recogniser (Vosk) is set up for linux x64 only, not ${process.platform} ${process.arch}: set STT_PROVIDER=deepgram`);
  }
  mkdirSync(dir, { recursive: true });
  const downloads = join(dir, "download");
  mkdirSync(downloads, { recursive: true });

  say("setup", `fetching the Vosk English model ${VOSK_VERSION} (Maven Central, 41 MB, first run only)…`);
  const aar = await fetchModelAar(downloads);
  rmSync(modelDir, { recursive: true, force: true });
  const files = unzip(readFileSync(aar), (name) => name.startsWith("assets/model-en-us/") && !name.endsWith("/"), (name) =>
    join(modelDir, name.slice("assets/model-en-us/".length)),
  );
  if (files === 0 || !existsSync(join(modelDir, "am", "final.mdl"))) throw new Error(`${aar} holds no assets/model-en-us/ model`);
  // A wider lattice gives the n-best list the product re-ranks with the business's phrases
  // room to hold the right sentence (server/providers/stt/vosk.ts); the search beam is unchanged.
  const conf = join(modelDir, "conf", "model.conf");
  const tuned = readFileSync(conf, "utf8").replace(/^--lattice-beam=.*$/m, `--lattice-beam=${voskLatticeBeam}`);
  if (!tuned.includes(`--lattice-beam=${voskLatticeBeam}`)) throw new Error(`${conf} has no --lattice-beam line to widen`);
  writeFileSync(conf, tuned);
  say("setup", `Vosk model unpacked (${files} files)`);

  say("setup", `fetching libvosk ${VOSK_VERSION} (PyPI wheel, 7 MB, first run only)…`);
  const wheel = await fetchLibraryWheel(downloads);
  const extracted = unzip(readFileSync(wheel), (name) => name === "vosk/libvosk.so", () => `${library}.part`);
  if (extracted !== 1) throw new Error(`${wheel} holds no vosk/libvosk.so`);
  renameSync(`${library}.part`, library);

  rmSync(downloads, { recursive: true, force: true });
  writeFileSync(stamp, wanted + "\n");
  say("setup", "Vosk model and library ready in .cache/vosk");
  return { modelDir, library };
}

async function fetchModelAar(downloads) {
  const file = join(downloads, `vosk-model-en-${VOSK_VERSION}.aar`);
  try {
    const sha1 = (await (await fetchOk(`${voskModelAar}.sha1`)).text()).trim().split(/\s+/)[0];
    await download(voskModelAar, file, { algorithm: "sha1", digest: sha1 }, "Vosk model");
    return file;
  } catch (error) {
    if (!has("mvn")) throw error;
    say("setup", `direct download failed (${error.message}); trying mvn dependency:copy…`);
    await runWithProgress("setup", "mvn dependency:copy", "mvn", [
      "-q", "-B", "dependency:copy", `-Dartifact=com.alphacephei:vosk-model-en:${VOSK_VERSION}:aar`, `-DoutputDirectory=${downloads}`,
    ]);
    return file;
  }
}

async function fetchLibraryWheel(downloads) {
  try {
    const { url, sha256 } = await wheelFromIndex();
    const file = join(downloads, url.split("/").pop());
    await download(url, file, { algorithm: "sha256", digest: sha256 }, "libvosk wheel");
    return file;
  } catch (error) {
    if (!has("pip") && !has("pip3")) throw error;
    say("setup", `direct download failed (${error.message}); trying pip download…`);
    await runWithProgress("setup", "pip download vosk", has("pip") ? "pip" : "pip3", [
      "download", "--no-deps", "--only-binary=:all:", "--platform", "manylinux2010_x86_64", "--python-version", "3.9",
      "-d", downloads, `vosk==${VOSK_VERSION}`,
    ]);
    const name = readdirSync(downloads).find((f) => f.startsWith(`vosk-${VOSK_VERSION}-`) && f.includes("x86_64") && f.endsWith(".whl"));
    if (!name) throw new Error(`pip download left no vosk ${VOSK_VERSION} x86_64 wheel in ${downloads}`);
    return join(downloads, name);
  }
}

/** The linux x86_64 wheel's URL and sha256, from PyPI's JSON simple index (PEP 691). */
async function wheelFromIndex() {
  const res = await fetchOk("https://pypi.org/simple/vosk/", { headers: { accept: "application/vnd.pypi.simple.v1+json" } });
  const { files } = await res.json();
  const wheel = files.find((f) => f.filename.startsWith(`vosk-${VOSK_VERSION}-`) && f.filename.includes(voskWheelPlatform));
  if (!wheel?.hashes?.sha256) throw new Error(`PyPI lists no vosk ${VOSK_VERSION} ${voskWheelPlatform} wheel with a sha256`);
  return { url: wheel.url, sha256: wheel.hashes.sha256 };
}

async function fetchOk(url, init) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res;
}

/** Streams `url` to `file`, printing progress, and keeps it only if its hash matches. */
async function download(url, file, expected, label) {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length") ?? 0);
  const hash = createHash(expected.algorithm);
  const part = `${file}.part`;
  const out = createWriteStream(part);
  let received = 0;
  let lastSaid = Date.now();
  const mb = (n) => (n / 1048576).toFixed(1);
  for await (const chunk of res.body) {
    hash.update(chunk);
    received += chunk.length;
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
    if (Date.now() - lastSaid >= 3000) {
      lastSaid = Date.now();
      say("setup", `${label}: ${mb(received)}${total ? ` / ${mb(total)}` : ""} MB`);
    }
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  const digest = hash.digest("hex");
  if (digest !== expected.digest.toLowerCase()) {
    rmSync(part, { force: true });
    throw new Error(`${url}: ${expected.algorithm} ${digest} does not match the published ${expected.digest}`);
  }
  renameSync(part, file);
  say("setup", `${label}: ${mb(received)} MB, ${expected.algorithm} verified`);
}

/**
 * Extracts the entries `wanted` accepts to the paths `target` names; returns
 * how many. A minimal reader of the zip central directory (stored and deflated
 * entries, no zip64), so a machine without `unzip` needs no extra package.
 */
function unzip(zip, wanted, target) {
  let written = 0;
  for (const [name, entry] of readZip(zip)) {
    if (!wanted(name)) continue;
    const path = target(name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, entry.read());
    written += 1;
  }
  return written;
}

export { run };
