/**
 * Fills the database with realistic-looking conversations for the admin
 * dashboard and its benchmark: turns with per-stage latency and full-text
 * vectors, tool calls, outcomes, spread over the last `--days` days.
 *
 *   tsx scripts/seed-conversations.ts --count 100000 [--days 30] [--reset]
 *
 * Seeded rows have room names starting with "seed-" so `--reset` removes only them.
 * Inserts go in batches through `unnest` arrays: one statement per table per batch.
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { ConversationOutcome } from "../server/core/ports";
import pg from "pg";
import { env } from "../server/env";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000" },
    days: { type: "string", default: "30" },
    batch: { type: "string", default: "1000" },
    reset: { type: "boolean", default: false },
  },
});
const count = Number(values.count);
const days = Number(values.days);
const batchSize = Number(values.batch);
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(days) || days < 1 || !(batchSize > 0)) {
  throw new Error("usage: --count N (integer ≥ 0) --days D (integer ≥ 1) --batch B");
}

type Script = {
  intent: string;
  outcome: ConversationOutcome;
  turns: [role: "user" | "agent", text: string][];
  tool?: { name: string; arguments: unknown; result: unknown };
};

const scripts: Script[] = [
  {
    intent: "order_status",
    outcome: "completed",
    turns: [
      ["user", "Hi, where is my order 4271?"],
      ["agent", "Let me check order 4271 for you."],
      ["agent", "Order 4271 is out for delivery and should arrive by 6 pm."],
      ["user", "Great, thanks a lot."],
      ["agent", "You're welcome. Anything else?"],
    ],
    tool: { name: "get_order_status", arguments: { orderNumber: "4271" }, result: { status: "out_for_delivery", eta: "18:00" } },
  },
  {
    intent: "business_hours",
    outcome: "completed",
    turns: [
      ["user", "What are your opening hours on Sunday?"],
      ["agent", "On Sundays we are open from 9 am to 3 pm."],
      ["user", "Perfect, see you then."],
    ],
    tool: { name: "get_business_hours", arguments: { day: "sunday" }, result: { open: "09:00", close: "15:00" } },
  },
  {
    intent: "reservation",
    outcome: "transferred",
    turns: [
      ["user", "I'd like to book a table for eight people tomorrow evening."],
      ["agent", "For groups of eight I'll connect you with our host, one moment."],
      ["user", "Sure, my card is [redacted card] if you need a deposit."],
      ["agent", "Thanks, I've passed your details on. Transferring you now."],
    ],
    tool: { name: "transfer_to_human", arguments: { reason: "large group reservation" }, result: { transferred: true } },
  },
  {
    intent: "menu_question",
    outcome: "completed",
    turns: [
      ["user", "Do you have gluten free pastries?"],
      ["agent", "Yes, we bake gluten free croissants and muffins every morning."],
      ["user", "And vegan options?"],
      ["agent", "Our oat milk lattes and the banana bread are vegan."],
    ],
    tool: { name: "search_knowledge_base", arguments: { query: "gluten free pastries" }, result: { hits: 2 } },
  },
  {
    intent: "complaint",
    outcome: "transferred",
    turns: [
      ["user", "My coffee was cold and the delivery was an hour late."],
      ["agent", "I'm sorry about that. Let me get a team member to make it right."],
    ],
  },
  {
    intent: "address",
    outcome: "abandoned",
    turns: [
      ["user", "Where are you located?"],
      ["agent", "We're at 12 Harbor Street, next to the ferry terminal."],
    ],
  },
];

const channels = ["web", "phone", "chat"] as const;

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}
function jitter(base: number, spread: number): number {
  return Math.max(1, Math.round(base + (Math.random() - 0.5) * 2 * spread));
}

const client = new pg.Client({ connectionString: env().DATABASE_URL, options: "-c TimeZone=UTC" });
await client.connect();

if (values.reset) {
  const { rowCount } = await client.query("delete from conversations where room_name like 'seed-%'");
  console.log(JSON.stringify({ event: "reset", deleted: rowCount }));
}

const now = Date.now();
const started = Date.now();
let inserted = 0;
while (inserted < count) {
  const n = Math.min(batchSize, count - inserted);
  const conv = { id: [] as string[], channel: [] as string[], direction: [] as string[], room: [] as string[], caller: [] as (string | null)[], startedAt: [] as string[], endedAt: [] as (string | null)[], outcome: [] as (string | null)[], handoff: [] as (string | null)[] };
  const turn = { id: [] as string[], conv: [] as string[], seq: [] as number[], role: [] as string[], text: [] as string[], intent: [] as (string | null)[], startedAt: [] as string[], eot: [] as (number | null)[], stt: [] as (number | null)[], llm: [] as (number | null)[], tts: [] as (number | null)[], v2v: [] as (number | null)[] };
  const tool = { id: [] as string[], conv: [] as string[], turn: [] as string[], name: [] as string[], args: [] as string[], result: [] as string[], startedAt: [] as string[], durationMs: [] as number[] };

  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    const script = pick(scripts);
    const channel = pick(channels);
    const startMs = now - Math.floor(Math.random() * days * 86_400_000);
    const ongoing = Math.random() < 0.002;
    let t = startMs;
    conv.id.push(id);
    conv.channel.push(channel);
    conv.direction.push(channel === "phone" && Math.random() < 0.1 ? "outbound" : "inbound");
    conv.room.push(`seed-${id}`);
    conv.caller.push(channel === "phone" ? `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}` : null);
    conv.startedAt.push(new Date(startMs).toISOString());
    conv.handoff.push(
      script.outcome === "transferred" ? `Caller asked about ${script.intent.replace("_", " ")}; needs a human. Details collected, do not ask again.` : null,
    );
    let firstUserTurnId: string | undefined;
    script.turns.forEach(([role, text], index) => {
      const turnId = randomUUID();
      const voice = channel !== "chat" && role === "user";
      const eot = voice ? jitter(450, 150) : null;
      const stt = voice ? jitter(180, 80) : null;
      const llm = role === "user" ? jitter(channel === "chat" ? 500 : 380, 200) : null;
      const tts = voice ? jitter(160, 60) : null;
      const v2v = voice ? (eot ?? 0) + (stt ?? 0) + (llm ?? 0) + (tts ?? 0) + jitter(60, 40) : null;
      turn.id.push(turnId);
      turn.conv.push(id);
      turn.seq.push(index + 1);
      turn.role.push(role);
      turn.text.push(text);
      turn.intent.push(role === "user" ? (index === 0 ? script.intent : "followup") : null);
      turn.startedAt.push(new Date(t).toISOString());
      turn.eot.push(eot);
      turn.stt.push(stt);
      turn.llm.push(llm);
      turn.tts.push(tts);
      turn.v2v.push(v2v);
      if (role === "user") firstUserTurnId ??= turnId;
      t += jitter(4000, 2000);
    });
    conv.endedAt.push(ongoing ? null : new Date(t).toISOString());
    conv.outcome.push(ongoing ? null : script.outcome);
    if (script.tool && firstUserTurnId) {
      tool.id.push(randomUUID());
      tool.conv.push(id);
      tool.turn.push(firstUserTurnId);
      tool.name.push(script.tool.name);
      tool.args.push(JSON.stringify(script.tool.arguments));
      tool.result.push(JSON.stringify(script.tool.result));
      tool.startedAt.push(new Date(startMs + 1500).toISOString());
      tool.durationMs.push(jitter(40, 30));
    }
  }

  await client.query("begin");
  await client.query(
    `insert into conversations (id, channel, direction, room_name, caller_number, started_at, ended_at, outcome, handoff_summary)
     select * from unnest($1::uuid[], $2::"Channel"[], $3::"Direction"[], $4::text[], $5::text[],
                          $6::timestamptz[], $7::timestamptz[], $8::"Outcome"[], $9::text[])`,
    [conv.id, conv.channel, conv.direction, conv.room, conv.caller, conv.startedAt, conv.endedAt, conv.outcome, conv.handoff],
  );
  await client.query(
    `insert into turns (id, conversation_id, seq, role, text, intent, started_at,
                        end_of_turn_ms, stt_ms, llm_first_token_ms, tts_first_byte_ms, voice_to_voice_ms, text_search)
     select u.*, to_tsvector('english', u.text)
     from unnest($1::uuid[], $2::uuid[], $3::int[], $4::"TurnRole"[], $5::text[], $6::text[], $7::timestamptz[],
                 $8::int[], $9::int[], $10::int[], $11::int[], $12::int[])
       as u(id, conversation_id, seq, role, text, intent, started_at, eot, stt, llm, tts, v2v)`,
    [turn.id, turn.conv, turn.seq, turn.role, turn.text, turn.intent, turn.startedAt, turn.eot, turn.stt, turn.llm, turn.tts, turn.v2v],
  );
  await client.query(
    `insert into tool_calls (id, conversation_id, turn_id, name, arguments, result, started_at, duration_ms)
     select * from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[], $7::timestamptz[], $8::int[])`,
    [tool.id, tool.conv, tool.turn, tool.name, tool.args, tool.result, tool.startedAt, tool.durationMs],
  );
  await client.query("commit");
  inserted += n;
  if (inserted % (batchSize * 10) === 0 || inserted === count) {
    console.log(JSON.stringify({ event: "progress", inserted, elapsedMs: Date.now() - started }));
  }
}
await client.query("analyze conversations; analyze turns; analyze tool_calls");
await client.end();
console.log(JSON.stringify({ event: "done", inserted, elapsedMs: Date.now() - started }));
