/**
 * Workarounds that let Prisma 6.19's JS schema engine (`engine: "js"` in
 * prisma.config.ts) run every migrate command offline through @prisma/adapter-pg.
 * Only the Prisma CLI uses this file; the app's client is built in
 * server/storage/db.ts. Delete each part when upstream fixes it:
 *
 * 1. prisma/orm#27403: adapter-pg cannot decode the catalog column types
 *    `"char"` (oid 18) and `name` (oid 19) that the migration engine reads
 *    ("Column type ... could not be deserialized"). Their text form is plain
 *    text, so the pool's client relabels them as `text` (oid 25).
 * 2. `PrismaPg.connectToShadowDb` spreads its config and overrides `database`,
 *    but a `connectionString` wins over that, so the "shadow" is the main
 *    database; and it drops the shadow database while its own pool still holds
 *    connections. Here the shadow pool is built from discrete fields and closed
 *    before `DROP DATABASE ... WITH (FORCE)`.
 * 3. Embedded PGlite is a single database: it accepts CREATE DATABASE but every
 *    connection lands in `postgres` whatever database it names. Against PGlite
 *    the shadow is therefore a throwaway in-memory PGlite served on a private
 *    Unix socket for the duration of the command.
 * 4. prisma/orm#29635 (fix proposed in prisma/prisma-engines#5819): PostgreSQL
 *    18 (and so PGlite 0.5) lists every NOT NULL as a `pg_constraint` row with
 *    contype 'n'; the schema describer's denylist lets them through and the
 *    WASM engine panics ("RuntimeError: unreachable") describing any table
 *    with a NOT NULL column: `migrate dev`, `migrate diff --from-migrations`,
 *    `db push`. The client rewrites that one filter to the upstream allowlist.
 */
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
type QueryResultLike = { fields?: { dataTypeID: number }[] };

const CONSTRAINT_DENYLIST = "contype NOT IN ('p', 'u', 'f')";
const CONSTRAINT_ALLOWLIST = "contype IN ('c', 'x')";

const CHAR_OID = 18;
const NAME_OID = 19;
const TEXT_OID = 25;

function relabelCatalogTypes<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as QueryResultLike[];
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (field.dataTypeID === CHAR_OID || field.dataTypeID === NAME_OID) {
        field.dataTypeID = TEXT_OID;
      }
    }
  }
  return result;
}

/** Workaround 4: only check and exclusion constraints reach the describer. */
function withConstraintAllowlist(query: unknown): unknown {
  if (typeof query === "string") return query.replace(CONSTRAINT_DENYLIST, CONSTRAINT_ALLOWLIST);
  const isPlainConfig = query && typeof query === "object" && !("submit" in query);
  if (isPlainConfig && "text" in query && typeof query.text === "string") {
    return { ...query, text: query.text.replace(CONSTRAINT_DENYLIST, CONSTRAINT_ALLOWLIST) };
  }
  return query;
}

/** The pg client behind every CLI connection: workarounds 1 and 4. */
class CatalogTextClient extends pg.Client {
  // pg's query() has many overloads; this wrapper handles the callback form
  // (used by pool.query) and the promise form (used by adapter-pg transactions).
  override query(...args: unknown[]): never {
    args[0] = withConstraintAllowlist(args[0]);
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        (last as (e: unknown, r: unknown) => void)(
          error,
          error ? result : relabelCatalogTypes(result),
        );
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(relabelCatalogTypes) : out) as never;
  }
}

function poolConfig(url: URL, database?: string): pg.PoolConfig {
  const sslmode = url.searchParams.get("sslmode");
  return {
    Client: CatalogTextClient,
    // `?host=/dir` selects a Unix socket, as in libpq and pg.
    host: url.searchParams.get("host") || decodeURIComponent(url.hostname) || "127.0.0.1",
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || "postgres"),
    password: decodeURIComponent(url.password),
    database: database ?? decodeURIComponent(url.pathname.slice(1) || "postgres"),
    ssl: sslmode === null || sslmode === "disable" ? false : { rejectUnauthorized: sslmode !== "require" },
    max: 4,
    // The CLI never ends its pool; idle clients would hold the process ~10 s.
    allowExitOnIdle: true,
  };
}

/** Runs `cleanup` after the adapter's own dispose (which ends its pool). */
function onDispose(adapter: PgAdapter, cleanup: () => Promise<void>): PgAdapter {
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    try {
      await dispose();
    } finally {
      await cleanup();
    }
  };
  return adapter;
}

async function isPglite(adapter: PgAdapter): Promise<boolean> {
  const { rows } = await adapter.queryRaw({ sql: "select version()", args: [], argTypes: [] });
  return String(rows[0]?.[0] ?? "").includes("PGlite");
}

/** Workaround 3: a fresh in-memory PGlite on a private socket, gone on dispose. */
async function pgliteShadow(): Promise<PgAdapter> {
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite-socket"),
  ]);
  const socketDir = await mkdtemp(path.join(tmpdir(), "prisma-shadow-"));
  // Also when the engine panics and dispose never runs.
  process.once("exit", () => rmSync(socketDir, { recursive: true, force: true }));
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({
    db,
    path: path.join(socketDir, ".s.PGSQL.5432"),
    maxConnections: 8,
  });
  await server.start();
  const adapter = await new PrismaPg({
    Client: CatalogTextClient,
    host: socketDir,
    port: 5432,
    user: "postgres",
    password: "postgres",
    database: "postgres",
    max: 4,
    allowExitOnIdle: true,
  }).connect();
  return onDispose(adapter, async () => {
    await server.stop();
    await db.close();
    await rm(socketDir, { recursive: true, force: true });
  });
}

/** Workaround 2: a real server's shadow database, dropped after its pool is closed. */
async function postgresShadow(main: PgAdapter, url: URL): Promise<PgAdapter> {
  const database = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
  await main.executeScript(`CREATE DATABASE "${database}"`);
  const adapter = await new PrismaPg(poolConfig(url, database)).connect();
  return onDispose(adapter, async () => {
    await main.executeScript(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });
}

class OfflineMigrationAdapter extends PrismaPg {
  constructor(private readonly url: URL) {
    super(poolConfig(url));
  }

  override async connectToShadowDb(): Promise<PgAdapter> {
    const main = await this.connect();
    try {
      if (await isPglite(main)) {
        await main.dispose();
        return await pgliteShadow();
      }
      const shadow = await postgresShadow(main, this.url);
      return onDispose(shadow, () => main.dispose());
    } catch (error) {
      await main.dispose().catch(() => undefined);
      throw error;
    }
  }
}

/** The adapter prisma.config.ts hands to the schema engine. */
export function offlineMigrationAdapter(databaseUrl: string): PrismaPg {
  return new OfflineMigrationAdapter(new URL(databaseUrl));
}
