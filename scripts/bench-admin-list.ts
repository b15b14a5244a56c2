/**
 * Latency of the admin conversation list (the same storage verb the API and
 * page use), at whatever the database holds — seed 100k first:
 *
 *   tsx scripts/seed-conversations.ts --count 100000
 *   tsx scripts/bench-admin-list.ts [--runs 30]
 *
 * Prints p50/p95 per scenario as JSON lines.
 */
import { parseArgs } from "node:util";
import { db, disconnectDb } from "../server/storage/db";
import {
  searchConversations,
  type SearchConversationsOptions,
} from "../server/storage/conversations/search-conversations";

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" } } });
const runs = Number(values.runs);

const total = await db().conversation.count();
const day = 86_400_000;
const now = Date.now();

// A cursor ~20 pages deep, to show keyset cost does not grow with depth.
let deep = await searchConversations({ pageSize: 50 });
for (let i = 0; i < 20 && deep.conversations.length > 0; i++) {
  const last = deep.conversations.at(-1)!;
  deep = await searchConversations({ pageSize: 50, cursor: { startedAt: last.startedAt, id: last.id, direction: "older" } });
}
const deepRow = deep.conversations.at(-1);

const scenarios: [string, SearchConversationsOptions][] = [
  ["unfiltered, first page", { pageSize: 50 }],
  ["channel=phone", { pageSize: 50, channel: "phone" }],
  ["outcome=transferred, last 7 days", { pageSize: 50, outcome: "transferred", from: new Date(now - 7 * day), to: new Date(now) }],
  ["q=gluten (≈1/6 of conversations)", { pageSize: 50, q: "gluten" }],
  ["q=\"table for eight\" channel=web", { pageSize: 50, q: '"table for eight"', channel: "web" }],
  ["q=zzzunmatched (no hits)", { pageSize: 50, q: "zzzunmatched" }],
  ["keyset cursor ~20 pages deep", { pageSize: 50, ...(deepRow ? { cursor: { startedAt: deepRow.startedAt, id: deepRow.id, direction: "older" as const } } : {}) }],
  ["offset page 100", { pageSize: 50, offset: 99 * 50 }],
];

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

console.log(JSON.stringify({ conversations: total, runs }));
for (const [name, options] of scenarios) {
  await searchConversations(options); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const result = await searchConversations(options);
    times.push(performance.now() - t);
    rows = result.conversations.length;
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ scenario: name, rows, p50Ms: +percentile(times, 50).toFixed(1), p95Ms: +percentile(times, 95).toFixed(1) }));
}
await disconnectDb();
