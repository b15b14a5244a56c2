import type { KnowledgeHit } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";

export interface SearchKnowledgeOptions {
  /** Hits to return, best first. */
  readonly limit?: number;
  /**
   * Embeds the query for semantic search. Only useful when the documents were
   * indexed with the same embedding model (`indexKnowledgeDocuments({ embed })`);
   * without it, or when no chunk has an embedding of the same size, search is
   * full-text.
   */
  readonly embedQuery?: (query: string) => Promise<number[]>;
  /**
   * Checked before and after the query: node-postgres cannot cancel a running
   * statement, but an aborted turn does not wait for or use the result.
   */
  readonly signal?: AbortSignal;
}

const DEFAULT_LIMIT = 3;
const MAX_LIMIT = 20;
/** Longer input is cut: a spoken question is far shorter, and lexemes past this add only noise. */
const MAX_QUERY_CHARS = 500;

/**
 * Full-text search over knowledge chunks (default), or cosine similarity over
 * embeddings when `embedQuery` is given and the chunks have embeddings.
 * Scores: higher is better; full text about 0..1.1, cosine -1..1.
 *
 * Full text: `websearch_to_tsquery` ANDs its terms, so a natural question such
 * as "do you have gluten free cake" would only match a chunk holding every
 * word. Instead the question's own lexemes (stemmed, stop words and filler
 * such as "please" dropped) are OR-ed, which finds every chunk sharing any of
 * them. A chunk scores the share of the question's terms it contains, each
 * weighted by its rarity across chunks (BM25's idf) and counting more in the
 * heading; ts_rank_cd (frequency, proximity) breaks near-ties. Empty,
 * stop-word-only or filler-only questions match nothing.
 */
export async function searchKnowledge(query: string, options: SearchKnowledgeOptions = {}): Promise<KnowledgeHit[]> {
  const requested = options.limit !== undefined && Number.isFinite(options.limit) ? Math.trunc(options.limit) : DEFAULT_LIMIT;
  const limit = Math.min(Math.max(requested, 1), MAX_LIMIT);
  const text = query.slice(0, MAX_QUERY_CHARS).trim();
  options.signal?.throwIfAborted();
  if (text === "") return [];

  let hits: KnowledgeHit[] | undefined;
  if (options.embedQuery) {
    const vector = await options.embedQuery(text);
    options.signal?.throwIfAborted();
    hits = await searchByEmbedding(vector, limit);
  }
  hits ??= await searchByText(text, limit);
  options.signal?.throwIfAborted();
  return hits;
}

interface HitRow {
  slug: string;
  title: string;
  heading: string | null;
  content: string;
  score: number;
}

function toHit(row: HitRow): KnowledgeHit {
  return {
    documentSlug: row.slug,
    documentTitle: row.title,
    ...(row.heading ? { heading: row.heading } : {}),
    content: row.content,
    score: Number(row.score),
  };
}

/**
 * Conversational words that say nothing about the topic ("hi, quick question,
 * could you tell me..."), dropped from a question before it is searched: many
 * occur in some chunk ("please tell us about any allergy") and would pull it
 * up. Compared with stemmed lexemes ("pleas" is "please" stemmed).
 */
const FILLER_LEXEMES = [
  "hi", "hello", "hey", "pleas", "thank", "okay", "ok", "um", "uh", "hmm", "yeah", "well", "actual", "mayb",
  "also", "quick", "question", "ask", "wonder", "tell", "know", "could", "would", "like", "want", "need", "let",
];

/** A term found in a chunk's heading counts this much more than one found only in its text. */
const HEADING_BOOST = 0.5;
/** Weight of ts_rank_cd (term frequency, proximity) next to term coverage: mostly a tie-breaker. */
const RANK_CD_WEIGHT = 0.1;

async function searchByText(text: string, limit: number): Promise<KnowledgeHit[]> {
  // Lexemes are quoted into tsquery syntax ('' escapes a quote, \\ a backslash)
  // and cast, not re-parsed by to_tsquery, so they are not stemmed twice.
  const rows = await db().$queryRaw<HitRow[]>`
    WITH term AS (
      SELECT DISTINCT '''' || replace(replace(lexeme, '\\', '\\\\'), '''', '''''') || '''' AS quoted
      FROM unnest(tsvector_to_array(to_tsvector('english', ${text}))) AS lexeme
      WHERE lexeme <> ALL (${FILLER_LEXEMES}::text[])
    ),
    -- MATERIALIZED: inlined into the per-chunk LATERAL below, the df counts
    -- would be recomputed for every candidate chunk (2,000 chunks: p95 2.4 s).
    weighted AS MATERIALIZED (
      -- BM25's inverse document frequency: a term found in few chunks says more.
      SELECT t.quoted::tsquery AS anywhere, (t.quoted || ':A')::tsquery AS in_heading,
             ln(1 + (n.chunks - df.chunks + 0.5) / (df.chunks + 0.5)) AS idf
      FROM term t
      CROSS JOIN (SELECT count(*)::float8 AS chunks FROM knowledge_chunks) n
      CROSS JOIN LATERAL (
        SELECT count(*)::float8 AS chunks FROM knowledge_chunks c WHERE c.search @@ t.quoted::tsquery
      ) df
    ),
    q AS (SELECT string_agg(quoted, ' | ')::tsquery AS any_term FROM term)
    SELECT d.slug, d.title, c.heading, c.content,
           (coverage.share + ${RANK_CD_WEIGHT}::float8 * ts_rank_cd(c.search, q.any_term, 1 | 32))::float8 AS score
    FROM q
    JOIN knowledge_chunks c ON c.search @@ q.any_term
    JOIN knowledge_documents d ON d.id = c.document_id
    CROSS JOIN LATERAL (
      -- The share of the question's information (idf) that the chunk covers, 0..1.
      SELECT sum(CASE WHEN c.search @@ w.anywhere
                      THEN w.idf * (1 + CASE WHEN c.search @@ w.in_heading THEN ${HEADING_BOOST}::float8 ELSE 0 END)
                      ELSE 0 END)
             / nullif(sum(w.idf) * (1 + ${HEADING_BOOST}::float8), 0) AS share
      FROM weighted w
    ) coverage
    ORDER BY score DESC, d.slug, c.ord
    LIMIT ${limit}`;
  return rows.map(toHit);
}

/**
 * Exact cosine similarity in SQL over every chunk whose embedding has the
 * query's dimension: a full scan, fine for the hundreds of chunks of a
 * business knowledge base (use pgvector beyond that). Undefined when no chunk
 * has a comparable embedding, so the caller falls back to full text.
 */
async function searchByEmbedding(vector: number[], limit: number): Promise<KnowledgeHit[] | undefined> {
  if (vector.length === 0 || vector.some((x) => !Number.isFinite(x))) return undefined;
  const rows = await db().$queryRaw<HitRow[]>`
    SELECT d.slug, d.title, c.heading, c.content, s.score
    FROM knowledge_chunks c
    JOIN knowledge_documents d ON d.id = c.document_id
    CROSS JOIN LATERAL (
      SELECT (sum(a * b) / nullif(sqrt(sum(a * a)) * sqrt(sum(b * b)), 0))::float8 AS score
      FROM unnest(c.embedding, ${vector}::float8[]) AS pair(a, b)
    ) s
    WHERE cardinality(c.embedding) = ${vector.length}::int AND s.score IS NOT NULL
    ORDER BY s.score DESC, d.slug, c.ord
    LIMIT ${limit}`;
  return rows.length > 0 ? rows.map(toHit) : undefined;
}
