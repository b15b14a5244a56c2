import { AppError } from "../../core/errors";
import { createModelChain, type ModelChain } from "../../core/dialogue/model-chain";
import type { LanguageModel } from "../../core/dialogue/llm-port";
import type { Logger } from "../../core/log";
import type { Env } from "../../env";
import { createOpenAiModel } from "./openai";
import { createScriptedModel } from "./scripted";

type LlmEnv = Pick<Env, "LLM_PROVIDER" | "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OPENAI_MODEL" | "OPENAI_FALLBACK_MODEL" | "LLM_TIMEOUT_MS">;

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
      return chain([createScriptedModel([fakeTurn], { name: "fake" })], env, log);
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

/** `LLM_PROVIDER=fake`: always answers with one scripted sentence (for demos and tests). */
const fakeTurn = () => [
  { type: "text" as const, delta: "This is the scripted model answering." },
  { type: "done" as const, finishReason: "stop" as const },
];
