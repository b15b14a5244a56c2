import pg from "pg";
import { env } from "../../env";

/**
 * For integration tests against DATABASE_URL: returns why the database is
 * unreachable (null when it answers). Unreachable is a skip locally and a
 * failure when CI_REQUIRE_DB=1.
 */
export async function databaseGate(suite: string): Promise<string | null> {
  const url = env().DATABASE_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  let unreachable: string | null = null;
  try {
    await client.connect();
    await client.query("select 1");
  } catch (error) {
    unreachable = error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
  const where = url.replace(/\/\/[^@/]*@/, "//");
  if (unreachable && env().CI_REQUIRE_DB) {
    throw new Error(`CI_REQUIRE_DB=1 but the database at ${where} is unreachable: ${unreachable}`);
  }
  if (unreachable) {
    console.warn(
      `[${suite}] SKIPPED: database at ${where} is unreachable (${unreachable}). ` +
        "Start it (and run `npx prisma migrate deploy`), or set CI_REQUIRE_DB=1 to make this a failure.",
    );
  }
  return unreachable;
}
