import { z } from "zod";

/**
 * The evals' view of the environment, read once: the stack they target (the
 * same variables `npm start` reads) and the optional real LLM endpoint. Like
 * scripts/lib/stack.mjs, the database defaults to the embedded PGlite port.
 */
const configSchema = z.object({
  PUBLIC_URL: z.url().optional(),
  WEB_PORT: z.coerce.number().int().default(3000),
  ADMIN_EMAIL: z.string().default("admin@example.com"),
  ADMIN_PASSWORD: z.string().default("change-me-now"),
  DATABASE_URL: z.string().optional(),
  PGLITE_PORT: z.coerce.number().int().default(5433),
  WORKER_HTTP_PORT: z.coerce.number().int().default(8081),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
});

export interface EvalsConfig {
  readonly publicUrl: string;
  readonly webPort: number;
  readonly admin: { email: string; password: string };
  readonly databaseUrl: string;
  readonly workerHttpPort: number;
  /** A real OpenAI-compatible endpoint, when a key is set. */
  readonly realLlm?: { apiKey: string; baseURL?: string; model: string };
}

export function evalsConfig(source: NodeJS.ProcessEnv = process.env): EvalsConfig {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) throw new Error(`evals: bad environment: ${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  return {
    publicUrl: (e.PUBLIC_URL ?? `http://127.0.0.1:${e.WEB_PORT}`).replace(/\/$/, "").replace("//localhost:", "//127.0.0.1:"),
    webPort: e.WEB_PORT,
    admin: { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD },
    databaseUrl: e.DATABASE_URL ?? `postgresql://postgres:postgres@127.0.0.1:${e.PGLITE_PORT}/postgres?sslmode=disable`,
    workerHttpPort: e.WORKER_HTTP_PORT,
    realLlm: e.OPENAI_API_KEY ? { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL } : undefined,
  };
}
