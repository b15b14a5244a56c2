import type { ChannelKind } from "../../core/ports";
import { db } from "../db";
import { Prisma } from "../generated/prisma";
import type { ConversationOutcome } from "../../core/ports";

/** Where a keyset page starts: strictly older or strictly newer than this row. */
export interface ConversationCursor {
  startedAt: Date;
  id: string;
  direction: "older" | "newer";
}

export interface SearchConversationsOptions {
  channel?: ChannelKind;
  /** "ongoing" = not ended yet. */
  outcome?: ConversationOutcome | "ongoing";
  direction?: "inbound" | "outbound";
  /** Postgres full-text search over turn text (websearch syntax: words, "phrases", -not, or). */
  q?: string;
  /** Started at or after. */
  from?: Date;
  /** Started before (exclusive). */
  to?: Date;
  pageSize: number;
  /** Offset pagination (page numbers); ignored when `cursor` is given. */
  offset?: number;
  /** Keyset pagination: constant cost however deep the page. */
  cursor?: ConversationCursor;
}

export interface AdminConversationRow {
  id: string;
  channel: ChannelKind;
  direction: "inbound" | "outbound";
  startedAt: Date;
  endedAt?: Date;
  callerNumber?: string;
  turnCount: number;
  outcome?: ConversationOutcome;
  /** endedAt − startedAt; absent while ongoing. */
  durationMs?: number;
  /** Over the conversation's voice turns; absent for chat. */
  p95VoiceToVoiceMs?: number;
}

export interface SearchConversationsResult {
  conversations: AdminConversationRow[];
  /** More rows exist beyond this page in the direction read. */
  hasMore: boolean;
  /** Matches, counted up to TOTAL_CAP; null when a broad search makes counting too slow. */
  total: number | null;
  /** `total` stopped counting at TOTAL_CAP (or was not counted). */
  totalCapped: boolean;
}

/** Counting every match of a broad filter at 100k rows is the slow part; past this it says "10,000+". */
export const TOTAL_CAP = 10_000;

/**
 * A search term matching fewer turns than this is "rare": its conversations
 * are collected through the GIN index first, then filtered and sorted. A
 * commoner term is found faster by walking conversations newest first and
 * checking each one's turns, since matches are dense.
 */
const RARE_TERM_TURNS = 5_000;

interface Row {
  id: string;
  channel: ChannelKind;
  direction: "inbound" | "outbound";
  started_at: Date;
  ended_at: Date | null;
  caller_number: string | null;
  outcome: ConversationOutcome | null;
  turn_count: number;
  p95_v2v: number | null;
}

/**
 * The admin list: filters, full-text search and pagination in one query, then
 * per-row turn count and p95 voice-to-voice for just the page's rows. Ordered
 * newest first on the (started_at) / (channel, started_at) indexes.
 *
 * Queries are passed to $queryRaw as whole `Prisma.sql` objects, never as
 * templates with nested fragments: Next.js may load this module and the cached
 * PrismaClient from different bundles, and the client only recognises nested
 * fragments made by its own copy of `Prisma.sql`.
 */
export async function searchConversations(options: SearchConversationsOptions): Promise<SearchConversationsResult> {
  const q = options.q?.trim();
  const matchingIds = q ? await rareTermConversations(q) : undefined;
  const where = whereClause(options, matchingIds);
  const { cursor, pageSize } = options;
  const newerFirst = cursor?.direction !== "newer";
  const keyset = cursor
    ? cursor.direction === "older"
      ? Prisma.sql`AND c.started_at <= ${cursor.startedAt} AND (c.started_at < ${cursor.startedAt} OR c.id < ${cursor.id}::uuid)`
      : Prisma.sql`AND c.started_at >= ${cursor.startedAt} AND (c.started_at > ${cursor.startedAt} OR c.id > ${cursor.id}::uuid)`
    : Prisma.empty;
  const order = newerFirst ? Prisma.sql`c.started_at DESC, c.id DESC` : Prisma.sql`c.started_at ASC, c.id ASC`;
  const offset = cursor ? 0 : Math.max(0, options.offset ?? 0);

  const rowsQuery = db().$queryRaw<Row[]>(Prisma.sql`
    SELECT page.*, stats.turn_count, stats.p95_v2v
    FROM (
      SELECT c.id, c.channel, c.direction, c.started_at, c.ended_at, c.caller_number, c.outcome
      FROM conversations c
      WHERE ${where} ${keyset}
      ORDER BY ${order}
      LIMIT ${pageSize + 1} OFFSET ${offset}
    ) page
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS turn_count,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY t.voice_to_voice_ms) AS p95_v2v
      FROM turns t WHERE t.conversation_id = page.id
    ) stats`);
  const countQuery =
    q && !matchingIds
      ? Promise.resolve(null)
      : db().$queryRaw<{ n: number }[]>(Prisma.sql`
          SELECT count(*)::int AS n FROM (
            SELECT 1 FROM conversations c WHERE ${where} LIMIT ${TOTAL_CAP + 1}
          ) capped`);
  const [rows, counted] = await Promise.all([rowsQuery, countQuery]);

  const sorted = [...rows].sort((a, b) => b.started_at.getTime() - a.started_at.getTime() || (a.id < b.id ? 1 : -1));
  const hasMore = rows.length > pageSize;
  const page = newerFirst ? sorted.slice(0, pageSize) : sorted.slice(-pageSize);
  if (counted === null) return { conversations: page.map(toSummary), hasMore, total: null, totalCapped: true };
  const n = counted[0]?.n ?? 0;
  return {
    conversations: page.map(toSummary),
    hasMore,
    total: Math.min(n, TOTAL_CAP),
    totalCapped: n > TOTAL_CAP,
  };
}

/** The conversations whose turns match `q`, or undefined when the term is too common to list. */
async function rareTermConversations(q: string): Promise<string[] | undefined> {
  const hits = await db().$queryRaw<{ conversation_id: string }[]>`
    SELECT t.conversation_id FROM turns t
    WHERE t.text_search @@ websearch_to_tsquery('english', ${q})
    LIMIT ${RARE_TERM_TURNS}`;
  if (hits.length >= RARE_TERM_TURNS) return undefined;
  return [...new Set(hits.map((hit) => hit.conversation_id))];
}

function whereClause(options: SearchConversationsOptions, matchingIds: string[] | undefined): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (options.channel) parts.push(Prisma.sql`c.channel = ${options.channel}::"Channel"`);
  if (options.direction) parts.push(Prisma.sql`c.direction = ${options.direction}::"Direction"`);
  if (options.outcome === "ongoing") parts.push(Prisma.sql`c.ended_at IS NULL`);
  else if (options.outcome) parts.push(Prisma.sql`c.outcome = ${options.outcome}::"Outcome"`);
  if (options.from) parts.push(Prisma.sql`c.started_at >= ${options.from}`);
  if (options.to) parts.push(Prisma.sql`c.started_at < ${options.to}`);
  const q = options.q?.trim();
  if (matchingIds) {
    parts.push(matchingIds.length > 0 ? Prisma.sql`c.id = ANY(${matchingIds}::uuid[])` : Prisma.sql`FALSE`);
  } else if (q) {
    parts.push(Prisma.sql`c.id IN (
      SELECT t.conversation_id FROM turns t
      WHERE t.text_search @@ websearch_to_tsquery('english', ${q}))`);
  }
  return Prisma.join(parts, " AND ");
}

function toSummary(row: Row): AdminConversationRow {
  return {
    id: row.id,
    channel: row.channel,
    direction: row.direction,
    startedAt: row.started_at,
    endedAt: row.ended_at ?? undefined,
    callerNumber: row.caller_number ?? undefined,
    turnCount: row.turn_count,
    outcome: row.outcome ?? undefined,
    durationMs: row.ended_at ? row.ended_at.getTime() - row.started_at.getTime() : undefined,
    p95VoiceToVoiceMs: row.p95_v2v === null ? undefined : Math.round(row.p95_v2v),
  };
}
