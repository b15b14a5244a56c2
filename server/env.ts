import { z } from "zod";

/**
 * The one place that reads process.env. Every variable has a default for the
 * embedded stack, so `npm start` needs no configuration; a wrong value fails at
 * boot with a message naming the variable.
 */
const port = z.coerce.number().int().min(1).max(65535);
const bool = z
  .enum(["true", "false", "1", "0", ""])
  .transform((v) => v === "true" || v === "1");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  WEB_PORT: port.default(3000),
  PUBLIC_URL: z.url().default("http://localhost:3000"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .default("postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable"),
  LIVEKIT_URL: z
    .string()
    .regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")
    .default("ws://127.0.0.1:7880"),
  /** The LiveKit URL browsers use, when it differs from the server-side one. */
  LIVEKIT_PUBLIC_URL: z
    .string()
    .regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")
    .optional(),
  LIVEKIT_API_KEY: z.string().min(1).default("devkey"),
  LIVEKIT_API_SECRET: z.string().min(6).default("secret"),
  REDIS_URL: z
    .string()
    .regex(/^redis:\/\//, "must be a redis:// URL")
    .default("redis://127.0.0.1:6379"),
  STT_PROVIDER: z.enum(["local", "deepgram", "fake"]).default("local"),
  TTS_PROVIDER: z.enum(["local", "deepgram", "openai", "fake"]).default("local"),
  LLM_PROVIDER: z.enum(["local", "openai", "fake"]).default("local"),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  /** Second model in the fallback chain (same endpoint); the local brain comes after it. */
  OPENAI_FALLBACK_MODEL: z.string().optional(),
  /** Longest wait for an LLM's first token (and between chunks) before the next in the chain. */
  LLM_TIMEOUT_MS: z.coerce.number().int().min(200).max(60000).default(4000),
  DEEPGRAM_API_KEY: z.string().optional(),
  ADMIN_EMAIL: z.email().default("admin@example.com"),
  ADMIN_PASSWORD: z.string().min(8).default("change-me-now"),
  SIP_PORT: port.default(5060),
  AGENT_NAME: z.string().default(""),
  WORKER_HTTP_PORT: port.default(8081),
  POCKETSPHINX_MODEL_DIR: z.string().default("/usr/share/pocketsphinx/model/en-us"),
  TTS_VOICE: z.enum(["slt", "kal16", "awb", "rms"]).default("kal16"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  WORKER_DEBUG: bool.default(false),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid environment:\n" +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"),
    );
    this.name = "EnvError";
  }
}

/** Parses an env record; exported for tests. Empty strings count as unset. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, v]) => v !== undefined && v !== ""),
  );
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "(root)"),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The validated env, parsed on first use and then reused. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
