// The offline voice's assets: hibari-tts's wheel from PyPI, checked, and only
// its data files (model, vocab, lexicons, tagger, OOV net, normaliser tables,
// LICENSE, NOTICE) unpacked into .cache/hibari. No Python runs at run time:
// the worker reads these files from TypeScript.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runWithProgress, say } from "./proc.mjs";
import { readZip } from "./zip.mjs";

export const HIBARI_VERSION = "0.2.1";
const WHEEL = `hibari_tts-${HIBARI_VERSION}-py3-none-any.whl`;
/** PyPI files never change once published; pinning the hash also checks what pip hands us. */
const WHEEL_SHA256 = "49f2abbbe451c988e7448b5afa08c8a56410535ebb855c0e7d174275df5ca1f3";

/** Wheel path → file name in the cache. The British lexicons and OOV net stay out: only the US voice ships. */
export const HIBARI_ASSETS = {
  "hibari/assets/hibari.onnx": "hibari.onnx",
  "hibari/assets/vocab.json": "vocab.json",
  "hibari/assets/lexicon_us_gold.json.gz": "lexicon_us_gold.json.gz",
  "hibari/assets/lexicon_us_silver.json.gz": "lexicon_us_silver.json.gz",
  "hibari/assets/tagger.json.gz": "tagger.json.gz",
  "hibari/assets/tokenizer_exceptions.json": "tokenizer_exceptions.json",
  "hibari/assets/oov.onnx": "oov.onnx",
  "hibari/assets/oov.json": "oov.json",
  "hibari/assets/normalize.json": "normalize.json",
  [`hibari_tts-${HIBARI_VERSION}.dist-info/licenses/LICENSE`]: "LICENSE",
  [`hibari_tts-${HIBARI_VERSION}.dist-info/licenses/NOTICE`]: "NOTICE",
};

/**
 * Makes sure .cache/hibari holds the assets of hibari-tts HIBARI_VERSION and
 * returns the folder (what env.ts's HIBARI_ASSETS_DIR defaults to). The wheel
 * comes from `pip download` (as the issue asks), else straight from PyPI; its
 * sha256 is checked against the pinned one, and every unpacked file against
 * the wheel's own RECORD. A version stamp makes later runs a no-op.
 */
export async function ensureHibari(root) {
  const dir = join(root, ".cache", "hibari");
  const stamp = join(dir, "version");
  const wanted = `hibari-tts ${HIBARI_VERSION}`;
  const present = () => Object.values(HIBARI_ASSETS).every((name) => existsSync(join(dir, name)));
  if (present() && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === wanted) return dir;

  mkdirSync(dir, { recursive: true });
  const downloads = join(dir, "download");
  rmSync(downloads, { recursive: true, force: true });
  mkdirSync(downloads, { recursive: true });
  say("setup", `fetching the hibari voice ${HIBARI_VERSION} (PyPI wheel, 14 MB, first run only)…`);
  const wheel = await fetchWheel(downloads);
  const zip = readFileSync(wheel);
  const digest = sha256(zip, "hex");
  if (digest !== WHEEL_SHA256) throw new Error(`${WHEEL}: sha256 ${digest} is not the published ${WHEEL_SHA256}`);

  const entries = readZip(zip);
  const record = parseRecord(entries.get(`hibari_tts-${HIBARI_VERSION}.dist-info/RECORD`)?.read());
  for (const [path, name] of Object.entries(HIBARI_ASSETS)) {
    const entry = entries.get(path);
    if (!entry) throw new Error(`${WHEEL} has no ${path}`);
    const data = entry.read();
    const expected = record.get(path);
    if (!expected) throw new Error(`${WHEEL}: ${path} is not listed in RECORD`);
    const actual = sha256(data, "base64url");
    if (actual !== expected.hash || data.length !== expected.size) {
      throw new Error(`${WHEEL}: ${path} does not match its RECORD entry (sha256 ${actual}, ${data.length} bytes)`);
    }
    writeFileSync(join(dir, `${name}.part`), data);
    renameSync(join(dir, `${name}.part`), join(dir, name));
  }
  rmSync(downloads, { recursive: true, force: true });
  writeFileSync(stamp, wanted + "\n");
  say("setup", `hibari voice ready in .cache/hibari (${Object.keys(HIBARI_ASSETS).length} files checked against the wheel's RECORD)`);
  return dir;
}

async function fetchWheel(downloads) {
  const pip = ["pip", "pip3"].find(has);
  if (pip) {
    try {
      await runWithProgress("setup", "pip download hibari-tts", pip, [
        "download", "--no-deps", "--only-binary=:all:", "-d", downloads, `hibari-tts==${HIBARI_VERSION}`,
      ]);
      const name = readdirSync(downloads).find((f) => f === WHEEL);
      if (name) return join(downloads, name);
      say("setup", `pip download left no ${WHEEL}; downloading it directly…`);
    } catch (error) {
      say("setup", `pip download failed (${firstLine(error)}); downloading the wheel directly…`);
    }
  }
  const { url, sha256: published } = await wheelUrl();
  if (published !== WHEEL_SHA256) throw new Error(`PyPI publishes sha256 ${published} for ${WHEEL}, not ${WHEEL_SHA256}`);
  const file = join(downloads, WHEEL);
  await download(url, file, "hibari wheel");
  return file;
}

/** The wheel's URL and sha256: PyPI's JSON API, or its JSON simple index (PEP 691) where the API is not served. */
async function wheelUrl() {
  try {
    const res = await fetchOk(`https://pypi.org/pypi/hibari-tts/${HIBARI_VERSION}/json`);
    const { urls } = await res.json();
    const file = urls.find((f) => f.filename === WHEEL);
    if (!file?.digests?.sha256) throw new Error(`the JSON API lists no ${WHEEL} with a sha256`);
    return { url: file.url, sha256: file.digests.sha256 };
  } catch (error) {
    say("setup", `PyPI JSON API: ${firstLine(error)}; asking the simple index…`);
    const res = await fetchOk("https://pypi.org/simple/hibari-tts/", { headers: { accept: "application/vnd.pypi.simple.v1+json" } });
    const { files } = await res.json();
    const file = files.find((f) => f.filename === WHEEL);
    if (!file?.hashes?.sha256) throw new Error(`the simple index lists no ${WHEEL} with a sha256`);
    return { url: file.url, sha256: file.hashes.sha256 };
  }
}

async function fetchOk(url, init) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res;
}

/** Streams `url` to `file` with a progress line every few seconds; the caller checks the hash. */
async function download(url, file, label) {
  const res = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  if (!res.ok || !res.body) throw new Error(`GET ${url}: HTTP ${res.status}`);
  const total = Number(res.headers.get("content-length") ?? 0);
  const out = createWriteStream(`${file}.part`);
  const mb = (n) => (n / 1048576).toFixed(1);
  let received = 0;
  let lastSaid = Date.now();
  for await (const chunk of res.body) {
    received += chunk.length;
    if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
    if (Date.now() - lastSaid >= 3000) {
      lastSaid = Date.now();
      say("setup", `${label}: ${mb(received)}${total ? ` / ${mb(total)}` : ""} MB`);
    }
  }
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  renameSync(`${file}.part`, file);
  say("setup", `${label}: ${mb(received)} MB`);
}

/** RECORD lines are `path,sha256=<urlsafe base64, unpadded>,size` (PEP 376 / 427). */
function parseRecord(bytes) {
  if (!bytes) throw new Error(`${WHEEL} has no RECORD`);
  const record = new Map();
  for (const line of bytes.toString("utf8").split(/\r?\n/)) {
    const [path, hash, size] = line.split(",");
    if (!path || !hash?.startsWith("sha256=")) continue;
    record.set(path, { hash: hash.slice("sha256=".length), size: Number(size) });
  }
  return record;
}

function sha256(data, encoding) {
  return createHash("sha256").update(data).digest(encoding);
}

function has(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}
