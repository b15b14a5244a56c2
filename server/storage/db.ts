import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../env";
import { PrismaClient } from "./generated/prisma";

/**
 * The one PrismaClient of this process, over node-postgres (`engineType =
 * "client"`: no native query engine). Cached on globalThis because Next.js dev
 * re-evaluates modules on every edit, and each copy would open its own pool.
 */
const cache = globalThis as typeof globalThis & { __prismaClient?: PrismaClient };

/**
 * Connections per process. The embedded PGlite runs one query at a time
 * whatever the pool size, and refuses connections beyond its
 * `--max-connections`, shared by the web app, the workers and the CLI.
 */
const POOL_MAX = 5;

export function db(): PrismaClient {
  const config = env();
  cache.__prismaClient ??= new PrismaClient({
    adapter: new PrismaPg({
      connectionString: config.DATABASE_URL,
      max: POOL_MAX,
      // No query waits without end: Postgres cancels it (statement_timeout), and since the embedded
      // PGlite ignores that setting and a dead server never answers, the client stops waiting too.
      query_timeout: config.DB_STATEMENT_TIMEOUT_MS + 1000,
      // Fail fast (and let /api/health say "down") instead of waiting forever.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 10_000,
      // adapter-pg 6.19 sends Date parameters as UTC wall-clock text without an
      // offset, which Postgres reads in the session time zone: pin it to UTC or
      // every timestamptz written on a non-UTC server is shifted.
      options: `-c TimeZone=UTC -c statement_timeout=${config.DB_STATEMENT_TIMEOUT_MS}`,
    }),
  });
  return cache.__prismaClient;
}

/** Closes the pool (worker shutdown, tests, scripts). The next db() reconnects. */
export async function disconnectDb(): Promise<void> {
  const client = cache.__prismaClient;
  cache.__prismaClient = undefined;
  await client?.$disconnect();
}
