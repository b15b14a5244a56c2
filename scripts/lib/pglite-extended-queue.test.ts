import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serialiseExtendedQueries } from "./pglite-extended-queue.mjs";

/**
 * Six connections at once, alternating statements with 1 and 3 parameters, some with 200-400 kB
 * parameters (they arrive in several TCP reads, which is when the stock queue let another
 * connection's Parse in between: "bind message supplies 3 parameters, but prepared statement \"\"
 * requires 1", 3 of 1200 in the measurement). With the fix: every reply right, none refused.
 */
describe("embedded Postgres with concurrent connections (pglite-socket)", () => {
  let db: PGlite;
  let server: PGLiteSocketServer;
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
    server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 20 });
    serialiseExtendedQueries(server);
    await server.start();
  }, 90_000);
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  it("keeps each connection's extended-query sequence together", async () => {
    const port = (server as unknown as { port: number }).port;
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
        await client.connect();
        return client;
      }),
    );
    const failures: string[] = [];
    let right = 0;
    await Promise.all(
      clients.map(async (client, k) => {
        for (let i = 0; i < 60; i++) {
          try {
            if (k % 2) {
              const { rows } = await client.query<{ v: number }>("select $1::int + 1 as v", [i]);
              if (rows[0]?.v === i + 1) right++;
              else failures.push(`wrong sum ${rows[0]?.v}`);
            } else {
              const big = "x".repeat(200_000 * (i % 3));
              const { rows } = await client.query<{ v: string }>("select $1::text || $2::text as v, $3::timestamptz as at", [`a${k}`, `b${i}${big}`, new Date()]);
              if (rows[0]?.v === `a${k}b${i}${big}`) right++;
              else failures.push("wrong text");
            }
          } catch (error) {
            failures.push(error instanceof Error ? error.message : String(error));
          }
        }
      }),
    );
    await Promise.all(clients.map((client) => client.end()));
    expect(failures).toEqual([]);
    expect(right).toBe(360);
  }, 120_000);
});
