import { randomInt, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { expect } from "@playwright/test";
import pg from "pg";

/** The abuse suite's raw HTTP client, its assertions and its PII probes (e2e/abuse.spec.ts). */
export const BASE = new URL(process.env.PUBLIC_URL ?? "http://127.0.0.1:3000");
export const HOST = BASE.hostname === "localhost" ? "127.0.0.1" : BASE.hostname;
export const PORT = Number(BASE.port || 80);
export const EMAIL = process.env.ADMIN_EMAIL ?? "admin@example.com";
export const PASSWORD = process.env.ADMIN_PASSWORD ?? "change-me-now";
export const LIVEKIT_KEY = process.env.LIVEKIT_API_KEY ?? "devkey";
export const LIVEKIT_SECRET = process.env.LIVEKIT_API_SECRET ?? "secret";
export const RUN = randomInt(2, 250);
export const TAG = randomUUID().slice(0, 8);

/** A client address of group `group`: 127.RUN.group.n. */
export const from = (group: number, n = 1) => `127.${RUN}.${group}.${n}`;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Every request sent and how it was answered: the last test checks the count and that none was a 5xx. */
export const tally = { sent: 0, outcomes: [] as { what: string; status: number }[] };

/** One raw HTTP request from `localAddress` (no client-side validation: the bytes go out as given). */
export function send(what: string, options: { method?: string; path: string; localAddress?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Reply> {
  tally.sent += 1;
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body);
    const req = httpRequest(
      {
        host: HOST,
        port: PORT,
        method: options.method ?? "POST",
        path: options.path,
        localAddress: options.localAddress ?? "127.0.0.1",
        // A chunked body announces no length: the server must cut it off while reading.
        headers: { ...(body && !options.headers?.["transfer-encoding"] ? { "content-length": String(body.length) } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const reply = { status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") };
          tally.outcomes.push({ what, status: reply.status });
          resolve(reply);
        });
      },
    );
    // A server that refuses an oversized body may close before it is all sent.
    req.setTimeout(20_000, () => req.destroy(new Error(`${what}: no answer within 20 s`)));
    req.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" || error.code === "ECONNRESET" ? resolve({ status: 413, headers: {}, text: "connection closed on an oversized body" }) : reject(error)));
    if (body) req.write(body);
    req.end();
  });
}

/** A refusal must be a 4xx whose body says why, in the one error shape `{ error: { code, message } }`. */
export function expectReason(reply: Reply, what: string, statuses: number[] = []) {
  expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
  expect(reply.status, `${what}: ${reply.text.slice(0, 200)}`).toBeLessThan(500);
  if (statuses.length) expect(statuses, `${what}: got ${reply.status} ${reply.text.slice(0, 200)}`).toContain(reply.status);
  if (reply.text.startsWith("connection closed")) return;
  const body = JSON.parse(reply.text) as { error?: { code?: string; message?: string } };
  expect(body.error?.code, what).toMatch(/^[A-Z_]+$/);
  expect(body.error?.message, what).toMatch(/\w{3,}/);
}

export async function sql(query: string, params: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5433/postgres?sslmode=disable" });
  await client.connect();
  try {
    return await client.query(query, params);
  } finally {
    await client.end();
  }
}

export const json = (value: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(value) });
export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

/** Sends `jobs` `size` at a time (one at a time unless the requests never reach the database). */
export async function inBatches<T>(jobs: (() => Promise<T>)[], size = 1): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < jobs.length; i += size) results.push(...(await Promise.all(jobs.slice(i, i + size).map((job) => job()))));
  return results;
}

/** PII a caller might say or type; none of it may be stored or logged as given. */
export const probes = {
  card: "4242 4242 4242 4242",
  spokenCard: "four two four two four two four two four two four two four two four two",
  ssn: "078051120",
  iban: "GB82 WEST 1234 5698 7654 32",
  phone: "+44 20 7946 0958",
  email: `probe.${TAG}@example.org`,
};
/** What a leak would look like in storage: the raw forms, and the digits run together. */
export const leakPatterns = [probes.card, "4242424242424242", probes.spokenCard, probes.ssn, "GB82WEST12345698765432", probes.iban, "+44 20 7946 0958", "442079460958", probes.email];
