import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import type { EvalsConfig } from "./config";

/** The explicit-dispatch name of the evals' own LLM-mode worker. */
export const LLM_AGENT_NAME = "evals-llm";

export interface LlmStack {
  /** Where LLM-mode chat goes: a second web server on the same build and database. */
  readonly chatUrl: string;
  /** Voice rooms dispatched to this agent get the LLM-mode worker. */
  readonly agentName: string;
  stop(): Promise<void>;
}

/**
 * LLM mode without restarting the stack: the running stack's brain is chosen
 * by its env, so the evals start their own web server (the stack's Next.js
 * build, its database, LiveKit) and their own agent worker (registered for
 * explicit dispatch as `evals-llm`, as e2e/dispatch.spec.ts starts a second
 * worker), both with LLM_PROVIDER=openai pointing at `llm`. Logs go to
 * .data/logs/evals-llm-{web,worker}.log.
 */
export async function startLlmStack(
  config: EvalsConfig,
  llm: { baseURL?: string; apiKey: string; model?: string },
  /** Start the worker too (only voice scenarios need it: it loads the speech models). */
  options: { voice: boolean },
): Promise<LlmStack> {
  const webPort = config.webPort + 1;
  const workerPort = config.workerHttpPort + 9;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: config.databaseUrl,
    DEPLOYMENT: "local",
    ONNXRUNTIME_NODE_INSTALL: "skip",
    LLM_PROVIDER: "openai",
    OPENAI_API_KEY: llm.apiKey,
    ...(llm.baseURL ? { OPENAI_BASE_URL: llm.baseURL } : {}),
    ...(llm.model ? { OPENAI_MODEL: llm.model } : {}),
    // A scripted reply is immediate; a real model may take a few seconds to its first token.
    LLM_TIMEOUT_MS: "15000",
  };
  delete env.OPENAI_FALLBACK_MODEL;
  if (!llm.baseURL) delete env.OPENAI_BASE_URL;
  const logDir = join(process.cwd(), ".data", "logs");
  mkdirSync(logDir, { recursive: true });
  const children: ChildProcess[] = [];
  const start = (name: string, args: string[], extra: Record<string, string>) => {
    const log = openSync(join(logDir, `evals-llm-${name}.log`), "a");
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { env: { ...env, ...extra }, detached: true, stdio: ["ignore", log, log] });
    children.push(child);
    return child;
  };
  const stop = async () => {
    for (const child of children) {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    }
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : undefined)));
  };
  try {
    const web = start("web", ["server/web/server.ts"], {
      WEB_PORT: String(webPort),
      PUBLIC_URL: `http://127.0.0.1:${webPort}`,
      // Every eval message comes from this one address.
      CHAT_RATE_LIMIT_PER_MINUTE: "10000",
    });
    const workersBefore = await liveWorkers(config.publicUrl);
    if (options.voice) start("worker", ["server/worker/main.ts", "start"], { AGENT_NAME: LLM_AGENT_NAME, WORKER_HTTP_PORT: String(workerPort) });
    const chatUrl = `http://127.0.0.1:${webPort}`;
    await until("the LLM-mode web server", 120_000, async () => {
      if (web.exitCode !== null) throw new Error(`the LLM-mode web server exited (${web.exitCode}); see .data/logs/evals-llm-web.log`);
      return (await fetch(`${chatUrl}/api/health`).catch(() => undefined))?.status === 200;
    });
    if (options.voice) await until("the LLM-mode worker to register", 180_000, async () => (await liveWorkers(config.publicUrl)) > workersBefore);
    return { chatUrl, agentName: LLM_AGENT_NAME, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function liveWorkers(publicUrl: string): Promise<number> {
  const response = await fetch(`${publicUrl}/api/health`).catch(() => undefined);
  if (!response?.ok) return 0;
  return ((await response.json()) as { workers?: number }).workers ?? 0;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}
