import { defineConfig } from "@playwright/test";

// The specs read the stack's database directly; with the embedded default that is PGlite on PGLITE_PORT.
process.env.DATABASE_URL ??= `postgresql://postgres:postgres@127.0.0.1:${process.env.PGLITE_PORT ?? 5433}/postgres?sslmode=disable`;

/**
 * e2e against the running stack (started by `npm test`), in Debian's Chromium.
 * Each spec sets its own fake-mic WAV via launch args.
 */
export default defineConfig({
  testDir: "e2e",
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: process.env.PUBLIC_URL ?? "http://127.0.0.1:3000",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // Debian's Chromium; Playwright's own browser download cannot work here.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
});
