import { AppError } from "../../core/errors";
import { createModelChain, type ModelChain } from "../../core/dialogue/model-chain";
import type { LanguageModel } from "../../core/dialogue/llm-port";
import type { Logger } from "../../core/log";
import type { Env } from "../../env";
import { createOpenAiModel } from "./openai";
import { createScriptedModel } from "./scripted";

type LlmEnv = Pick<Env, "LLM_PROVIDER" | "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "OPENAI_FALLBACK_MODEL" | "LLM_TIMEOUT_MS"> &
  Partial<Pick<Env, "FAKE_LLM_FIRST_TOKEN_MS">>;

/**
 * The dialogue core's LLM from env: none for `local` (the local brain answers),
 * a fallback chain primary → OPENAI_FALLBACK_MODEL for `openai` (the core
 * falls back to the local brain after it), a scripted model for `fake`.
 */
export function createLlm(env: LlmEnv, log?: Logger): ModelChain | undefined {
  switch (env.LLM_PROVIDER) {
    case "local":
      return undefined;
    case "fake":
      return chain([fakeModel(env.FAKE_LLM_FIRST_TOKEN_MS ?? 0)], env, log);
    case "openai": {
      if (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) {
        throw new AppError("BAD_REQUEST", "LLM_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a keyless compatible server)");
      }
      const make = (model: string) =>
        createOpenAiModel({ apiKey: env.OPENAI_API_KEY ?? "none", baseURL: env.OPENAI_BASE_URL, model, timeoutMs: env.LLM_TIMEOUT_MS });
      const models: LanguageModel[] = [make(env.OPENAI_MODEL)];
      if (env.OPENAI_FALLBACK_MODEL && env.OPENAI_FALLBACK_MODEL !== env.OPENAI_MODEL) models.push(make(env.OPENAI_FALLBACK_MODEL));
      return chain(models, env, log);
    }
  }
}

function chain(models: LanguageModel[], env: LlmEnv, log?: Logger): ModelChain {
  return createModelChain(models, {
    firstTokenTimeoutMs: env.LLM_TIMEOUT_MS,
    retries: 1,
    backoffMs: 200,
    breaker: { failureThreshold: 3, cooldownMs: 30_000 },
    log,
  });
}

/**
 * `LLM_PROVIDER=fake`: answers every request with the same scripted sentences (for demos, tests and
 * the benchmarks' cloud-like profile), the first delta after `firstTokenMs`, the rest 15 ms apart.
 * A scripted model consumes its turns, so each request gets a fresh one-turn script.
 */
export function fakeModel(firstTokenMs: number): LanguageModel {
  const turn = {
    firstTokenMs,
    delayMs: 15,
    events: [...fakeReply.map((delta) => ({ type: "text" as const, delta })), { type: "done" as const, finishReason: "stop" as const }],
  };
  return { name: "fake", stream: (request, options) => createScriptedModel([turn], { name: "fake" }).stream(request, options) };
}

/** The scripted answer, in the chunks a streaming model would send. */
export const fakeReply = ["This is the scripted model answering. ", "We are open from nine to five, ", "Monday to Friday. ", "Anything else?"];
