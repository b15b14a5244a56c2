import { db } from "../db";

export type LatencyStage = "endOfTurnMs" | "sttMs" | "llmFirstTokenMs" | "ttsFirstByteMs" | "voiceToVoiceMs";

export interface AdminMetrics {
  from: string;
  to: string;
  /** One entry per UTC day in the range, zeros included. */
  conversationsPerDay: { day: string; web: number; phone: number; chat: number }[];
  voiceToVoiceByDay: { day: string; p50Ms: number | null; p95Ms: number | null; turns: number }[];
  stages: { stage: LatencyStage; p50Ms: number | null; p95Ms: number | null; avgMs: number | null; samples: number }[];
  containment: { ended: number; transferred: number; rate: number | null };
  topIntents: { intent: string; count: number }[];
  totalConversations: number;
}

const DAY_MS = 86_400_000;

/**
 * Dashboard figures for conversations started in [from, to). Turns are reached
 * through their conversation (indexed by started_at), so a short range stays cheap.
 */
export async function getAdminMetrics(options: { from: Date; to: Date }): Promise<AdminMetrics> {
  const { from, to } = options;
  const client = db();
  const perDay = await client.$queryRaw<{ day: string; channel: "web" | "phone" | "chat"; n: number }[]>`
    SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, channel::text AS channel, count(*)::int AS n
    FROM conversations WHERE started_at >= ${from} AND started_at < ${to}
    GROUP BY 1, 2`;
  const v2v = await client.$queryRaw<{ day: string; p50: number | null; p95: number | null; n: number }[]>`
    SELECT to_char(t.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY t.voice_to_voice_ms) AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY t.voice_to_voice_ms) AS p95,
           count(*)::int AS n
    FROM conversations c JOIN turns t ON t.conversation_id = c.id
    WHERE c.started_at >= ${from} AND c.started_at < ${to} AND t.voice_to_voice_ms IS NOT NULL
    GROUP BY 1`;
  const stageRows = await client.$queryRaw<Record<string, number | null>[]>`
    SELECT
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.end_of_turn_ms) AS "endOfTurnMs_p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY t.end_of_turn_ms) AS "endOfTurnMs_p95",
      avg(t.end_of_turn_ms)::float8 AS "endOfTurnMs_avg", count(t.end_of_turn_ms)::int AS "endOfTurnMs_n",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.stt_ms) AS "sttMs_p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY t.stt_ms) AS "sttMs_p95",
      avg(t.stt_ms)::float8 AS "sttMs_avg", count(t.stt_ms)::int AS "sttMs_n",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.llm_first_token_ms) AS "llmFirstTokenMs_p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY t.llm_first_token_ms) AS "llmFirstTokenMs_p95",
      avg(t.llm_first_token_ms)::float8 AS "llmFirstTokenMs_avg", count(t.llm_first_token_ms)::int AS "llmFirstTokenMs_n",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.tts_first_byte_ms) AS "ttsFirstByteMs_p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY t.tts_first_byte_ms) AS "ttsFirstByteMs_p95",
      avg(t.tts_first_byte_ms)::float8 AS "ttsFirstByteMs_avg", count(t.tts_first_byte_ms)::int AS "ttsFirstByteMs_n",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY t.voice_to_voice_ms) AS "voiceToVoiceMs_p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY t.voice_to_voice_ms) AS "voiceToVoiceMs_p95",
      avg(t.voice_to_voice_ms)::float8 AS "voiceToVoiceMs_avg", count(t.voice_to_voice_ms)::int AS "voiceToVoiceMs_n"
    FROM conversations c JOIN turns t ON t.conversation_id = c.id
    WHERE c.started_at >= ${from} AND c.started_at < ${to}`;
  const outcomes = await client.$queryRaw<{ ended: number; transferred: number; total: number }[]>`
    SELECT count(*) FILTER (WHERE ended_at IS NOT NULL)::int AS ended,
           count(*) FILTER (WHERE outcome = 'transferred')::int AS transferred,
           count(*)::int AS total
    FROM conversations WHERE started_at >= ${from} AND started_at < ${to}`;
  const intents = await client.$queryRaw<{ intent: string; n: number }[]>`
    SELECT t.intent, count(*)::int AS n
    FROM conversations c JOIN turns t ON t.conversation_id = c.id
    WHERE c.started_at >= ${from} AND c.started_at < ${to} AND t.intent IS NOT NULL
    GROUP BY t.intent ORDER BY n DESC, t.intent LIMIT 10`;

  const days = daysBetween(from, to);
  const perDayMap = new Map(days.map((day) => [day, { day, web: 0, phone: 0, chat: 0 }]));
  for (const row of perDay) {
    const entry = perDayMap.get(row.day);
    if (entry) entry[row.channel] = row.n;
  }
  const v2vMap = new Map(v2v.map((row) => [row.day, row]));
  const stageRow = stageRows[0] ?? {};
  const stages: LatencyStage[] = ["endOfTurnMs", "sttMs", "llmFirstTokenMs", "ttsFirstByteMs", "voiceToVoiceMs"];
  const outcome = outcomes[0] ?? { ended: 0, transferred: 0, total: 0 };
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    conversationsPerDay: [...perDayMap.values()],
    voiceToVoiceByDay: days.map((day) => {
      const row = v2vMap.get(day);
      return { day, p50Ms: round(row?.p50), p95Ms: round(row?.p95), turns: row?.n ?? 0 };
    }),
    stages: stages.map((stage) => ({
      stage,
      p50Ms: round(stageRow[`${stage}_p50`]),
      p95Ms: round(stageRow[`${stage}_p95`]),
      avgMs: round(stageRow[`${stage}_avg`]),
      samples: stageRow[`${stage}_n`] ?? 0,
    })),
    containment: {
      ended: outcome.ended,
      transferred: outcome.transferred,
      rate: outcome.ended > 0 ? (outcome.ended - outcome.transferred) / outcome.ended : null,
    },
    topIntents: intents.map((row) => ({ intent: row.intent, count: row.n })),
    totalConversations: outcome.total,
  };
}

function round(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value);
}

function daysBetween(from: Date, to: Date): string[] {
  const days: string[] = [];
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  for (let t = start; t < to.getTime() && days.length < 400; t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
