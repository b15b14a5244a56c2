import { defineConfig } from "prisma/config";
import { offlineMigrationAdapter } from "./prisma/offline-adapter";
import { env } from "./server/env";

// The default (embedded PGlite) comes from server/env.ts, so the CLI and the
// app always agree. schema.prisma's `env("DATABASE_URL")` must also resolve, or
// the CLI falls back to downloading a native engine; with a config file Prisma
// no longer reads .env itself.
const databaseUrl = env().DATABASE_URL;
process.env.DATABASE_URL = databaseUrl;

export default defineConfig({
  experimental: { adapter: true },
  // The WASM schema engine inside the `prisma` package: no engine download.
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "node --import tsx prisma/seed.ts" },
  adapter: async () => offlineMigrationAdapter(databaseUrl),
});
