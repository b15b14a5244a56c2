// Child-process supervision for the orchestrator: every component runs in its
// own process group so a stop reaches its whole tree, and output is prefixed.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_LOG_KEEP_FILES, DEFAULT_LOG_MAX_BYTES, rotatingLog } from "./rotating-log.mjs";

const children = new Set();
const colors = { web: 36, worker: 35, livekit: 34, db: 33, sip: 32, redis: 31, setup: 37, test: 37 };

export function say(component, message) {
  const c = colors[component] ?? 37;
  process.stdout.write(`\x1b[${c}m[${component}]\x1b[0m ${message}\n`);
}

export function fail(component, message) {
  process.stderr.write(`\x1b[31m[${component}] ${message}\x1b[0m\n`);
  process.exitCode = 1;
}

/** Runs a command to completion; throws with the command's output on failure. */
export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: options.quiet ? "pipe" : "inherit", encoding: "utf8", ...options });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  if (result.status !== 0) {
    const out = options.quiet ? `\n${result.stdout ?? ""}${result.stderr ?? ""}` : "";
    throw new Error(`${cmd} ${args.join(" ")} exited with ${result.status}${out}`);
  }
  return result.stdout ?? "";
}

/** Runs a long command while printing a heartbeat so a cold build shows progress. */
export function runWithProgress(component, label, cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...options });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setInterval(() => {
      say(component, `${label}… ${Math.round((Date.now() - started) / 1000)}s`);
    }, 15000);
    child.on("exit", (code) => {
      clearInterval(timer);
      if (code === 0) resolve(output);
      else reject(Object.assign(new Error(`${label} failed (exit ${code}):\n${output.slice(-4000)}`), { fullOutput: output.slice(-60000) }));
    });
    child.on("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}

/** First restart delay of a crashed component; doubles per crash in a row, up to RESTART_MAX_MS. */
export const RESTART_BASE_MS = 500;
export const RESTART_MAX_MS = 30_000;
/** A component that ran this long before it crashed starts the backoff over. */
export const RESTART_STABLE_MS = 60_000;

/** The wait before restarting a component that crashed `crashesInARow` times (0 = the first), having run `uptimeMs`. */
export function restartDelayMs(crashesInARow, uptimeMs) {
  if (uptimeMs >= RESTART_STABLE_MS) return RESTART_BASE_MS;
  return Math.min(RESTART_MAX_MS, RESTART_BASE_MS * 2 ** crashesInARow);
}

/**
 * Starts a long-running component; its output goes to the console (prefixed)
 * and .data/logs/<component>.log, rotated at LOG_MAX_BYTES (LOG_KEEP_FILES kept).
 * A component that exits while the stack runs is started again with backoff
 * (RESTART_BASE_MS doubling to RESTART_MAX_MS, reset after RESTART_STABLE_MS of
 * uptime): a crashed worker or web server comes back instead of only being logged.
 * `entry.exited` is true between a crash and its restart (start-up checks fail fast on it).
 */
export function startService(component, cmd, args, { cwd, env, logDir, echo = true, restart = true, onRestart } = {}) {
  mkdirSync(logDir, { recursive: true });
  const logFile = rotatingLog(join(logDir, `${component}.log`), {
    maxBytes: Number(process.env.LOG_MAX_BYTES ?? DEFAULT_LOG_MAX_BYTES),
    keep: Number(process.env.LOG_KEEP_FILES ?? DEFAULT_LOG_KEEP_FILES),
  });
  const entry = { component, child: undefined, exited: false, restarts: 0, crashesInARow: 0, restartTimer: undefined };
  const launch = () => {
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const startedAt = Date.now();
    const prefix = (stream) => {
      let buffer = "";
      stream.on("data", (chunk) => {
        logFile.write(chunk);
        if (!echo) return;
        buffer += chunk;
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) if (line.trim()) say(component, line);
      });
    };
    prefix(child.stdout);
    prefix(child.stderr);
    entry.child = child;
    entry.exited = false;
    // After its output streams ended (not at exit: buffered output may still arrive).
    child.on("close", () => {
      if (stopping || !restart) logFile.close();
    });
    child.on("exit", (code, signal) => {
      entry.exited = true;
      if (stopping || !restart) {
        children.delete(entry);
        if (!stopping) say(component, `exited (${signal ?? code})`);
        return;
      }
      const uptimeMs = Date.now() - startedAt;
      if (uptimeMs >= RESTART_STABLE_MS) entry.crashesInARow = 0;
      const delay = restartDelayMs(entry.crashesInARow, uptimeMs);
      entry.crashesInARow += 1;
      say(component, `exited (${signal ?? code}) after ${Math.round(uptimeMs / 1000)}s; restarting in ${delay} ms`);
      entry.restartTimer = setTimeout(() => {
        entry.restartTimer = undefined;
        if (stopping) return children.delete(entry);
        entry.restarts += 1;
        launch();
        onRestart?.(entry);
      }, delay);
    });
  };
  launch();
  children.add(entry);
  return entry;
}

let stopping = false;

/** Stops every component: SIGTERM to each process group, SIGKILL after a grace period (per component: `graceMs` or its own). */
export async function stopAll(graceMs = 12000, graceFor = {}) {
  stopping = true;
  const live = [...children].reverse();
  for (const entry of live) {
    clearTimeout(entry.restartTimer);
    if (entry.exited) {
      children.delete(entry);
      continue;
    }
    try {
      process.kill(-entry.child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  const started = Date.now();
  const overdue = () => [...children].filter(({ component }) => Date.now() - started >= (graceFor[component] ?? graceMs));
  while ([...children].length > overdue().length) await sleep(100);
  for (const { child, component } of overdue()) {
    say(component, "did not stop in time; killing");
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls until `check` resolves truthy, or fails naming what did not come up. */
export async function waitFor(what, check, { timeoutMs = 60000, intervalMs = 250, service } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (service?.exited) throw new Error(`${what}: process exited during start-up (see .data/logs/${service.component}.log)`);
    try {
      if (await check()) return;
    } catch (e) {
      lastError = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what} did not come up within ${timeoutMs / 1000}s${lastError ? `: ${lastError.message}` : ""}`);
}
