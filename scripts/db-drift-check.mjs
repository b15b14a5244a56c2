#!/usr/bin/env node
/**
 * Fails when prisma/schema.prisma and prisma/migrations disagree, i.e. someone
 * changed the schema without generating a migration (or edited a migration).
 *
 * Self-contained and offline: it serves a throwaway in-memory PGlite on a
 * private Unix socket as DATABASE_URL, so it needs no running database and
 * never touches the dev data. Prisma replays the migrations into a shadow
 * database (see prisma/offline-adapter.ts) and diffs the result against the
 * schema.
 *
 * Exit codes: 0 in sync, 2 drift (the diff is printed), 1 error.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

function run(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const socketDir = await mkdtemp(path.join(tmpdir(), "drift-check-"));
const db = await PGlite.create();
const server = new PGLiteSocketServer({
  db,
  path: path.join(socketDir, ".s.PGSQL.5432"),
  maxConnections: 8,
});
await server.start();

let code = 1;
try {
  code = await run(
    prismaBin,
    [
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--exit-code",
    ],
    {
      ...process.env,
      DATABASE_URL: `postgresql://postgres:postgres@localhost:5432/postgres?host=${encodeURIComponent(socketDir)}&sslmode=disable`,
      CHECKPOINT_DISABLE: "1",
    },
  );
} finally {
  await server.stop();
  await db.close();
  await rm(socketDir, { recursive: true, force: true });
}

if (code === 0) {
  console.log("db-drift-check: prisma/schema.prisma matches prisma/migrations.");
} else if (code === 2) {
  console.error(
    "db-drift-check: DRIFT — prisma/schema.prisma differs from prisma/migrations (diff above).\n" +
      "Create a migration: start the database, then `npx prisma migrate dev --name <change>`.",
  );
} else {
  console.error(`db-drift-check: prisma migrate diff failed (exit ${code}).`);
}
process.exit(code);
