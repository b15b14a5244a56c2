#!/usr/bin/env node
// The embedded Postgres: PGlite served over TCP by pglite-socket, as its `pglite-server` does,
// with the socket server's query queue fixed for concurrent connections (lib/pglite-extended-queue.mjs).
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { serialiseExtendedQueries } from "./lib/pglite-extended-queue.mjs";

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "memory://" },
    port: { type: "string", default: "5432" },
    host: { type: "string", default: "127.0.0.1" },
    "max-connections": { type: "string", default: "32" },
  },
});

const db = new PGlite(values.db);
await db.waitReady;
const server = new PGLiteSocketServer({ db, port: Number(values.port), host: values.host, maxConnections: Number(values["max-connections"]) });
serialiseExtendedQueries(server);
await server.start();
console.log(`PGlite (${values.db}) listening on ${values.host}:${values.port}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => undefined);
  // Closing flushes PGlite's files; a SIGKILL skips this (and the next start recovers from the WAL).
  await db.close().catch(() => undefined);
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
