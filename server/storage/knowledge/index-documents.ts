import { createHash } from "node:crypto";
import { chunkMarkdown, DEFAULT_MAX_CHUNK_CHARS } from "../../core/dialogue/chunking";
import { AppError } from "../../core/errors";
import { db } from "../db";

export interface KnowledgeSource {
  /** Stable identity of the document (the file name without `.md`). */
  readonly slug: string;
  /** Markdown; the first `# ` line is the title. */
  readonly content: string;
}

/** Embeds texts in order, one vector per text. */
export type EmbedTexts = (texts: string[]) => Promise<number[][]>;

export interface IndexKnowledgeOptions {
  /**
   * When given, every chunk also gets an embedding (for `searchKnowledge({ embedQuery })`).
   * Documents already embedded are not re-embedded: after switching embedding
   * models, delete the knowledge_documents rows so everything is re-indexed.
   */
  readonly embed?: EmbedTexts;
  /** Delete stored documents whose slug is not among `docs`. Off by default. */
  readonly prune?: boolean;
  readonly maxChunkChars?: number;
}

export interface IndexKnowledgeResult {
  /** Slugs whose chunks were (re)written. */
  readonly indexed: string[];
  /** Slugs skipped because their content hash was unchanged. */
  readonly unchanged: string[];
  /** Slugs deleted by `prune`. */
  readonly pruned: string[];
  /** Chunks written in this run. */
  readonly chunksWritten: number;
}

/**
 * Bump when chunkMarkdown's output changes, so re-indexing rewrites documents
 * whose text did not change but whose chunks would.
 */
const CHUNKER_VERSION = 1;

/**
 * Idempotent indexing of markdown documents into knowledge_documents /
 * knowledge_chunks.
 *
 * A document whose hash (content + chunker version + chunk size) is unchanged
 * is skipped, unless an `embed` function is given and some of its chunks have
 * no embedding yet. A changed document has its row and all its chunks replaced
 * in one transaction, so a concurrent search sees either the old chunks or the
 * new ones, never a mix. Embeddings are computed before the transaction opens,
 * so a slow embedding API never holds it.
 */
export async function indexKnowledgeDocuments(
  docs: readonly KnowledgeSource[],
  options: IndexKnowledgeOptions = {},
): Promise<IndexKnowledgeResult> {
  const maxChars = options.maxChunkChars ?? DEFAULT_MAX_CHUNK_CHARS;
  const slugs = docs.map((doc) => doc.slug);
  const duplicate = slugs.find((slug, i) => slugs.indexOf(slug) !== i);
  if (duplicate !== undefined) throw new AppError("BAD_REQUEST", `duplicate knowledge document slug "${duplicate}"`);

  const stored = await db().knowledgeDocument.findMany({
    where: { slug: { in: slugs } },
    select: { slug: true, contentHash: true },
  });
  const storedHash = new Map(stored.map((doc) => [doc.slug, doc.contentHash]));
  const missingEmbeddings = options.embed ? await slugsWithMissingEmbeddings(slugs) : new Set<string>();

  const result = { indexed: [] as string[], unchanged: [] as string[], pruned: [] as string[], chunksWritten: 0 };
  for (const doc of docs) {
    const contentHash = hashDocument(doc.content, maxChars);
    if (storedHash.get(doc.slug) === contentHash && !missingEmbeddings.has(doc.slug)) {
      result.unchanged.push(doc.slug);
      continue;
    }
    result.chunksWritten += await replaceDocument(doc, contentHash, maxChars, options.embed);
    result.indexed.push(doc.slug);
  }

  if (options.prune) {
    const gone = await db().knowledgeDocument.findMany({
      where: { slug: { notIn: slugs } },
      select: { slug: true },
    });
    if (gone.length > 0) {
      // Chunks go with their document (ON DELETE CASCADE).
      await db().knowledgeDocument.deleteMany({ where: { slug: { in: gone.map((doc) => doc.slug) } } });
      result.pruned.push(...gone.map((doc) => doc.slug));
    }
  }
  return result;
}

export function hashDocument(content: string, maxChars: number = DEFAULT_MAX_CHUNK_CHARS): string {
  return createHash("sha256").update(`chunker:v${CHUNKER_VERSION}:${maxChars}\n`).update(content).digest("hex");
}

async function replaceDocument(
  doc: KnowledgeSource,
  contentHash: string,
  maxChars: number,
  embed: EmbedTexts | undefined,
): Promise<number> {
  const { title, chunks } = chunkMarkdown(doc.content, { maxChars });
  const embeddings = embed ? await embedChunks(embed, doc.slug, chunks) : undefined;
  const fields = { title: title ?? doc.slug, content: doc.content, contentHash };

  await db().$transaction(async (tx) => {
    const { id: documentId } = await tx.knowledgeDocument.upsert({
      where: { slug: doc.slug },
      create: { slug: doc.slug, ...fields },
      update: fields,
      select: { id: true },
    });
    await tx.knowledgeChunk.deleteMany({ where: { documentId } });
    if (chunks.length === 0) return;
    await tx.knowledgeChunk.createMany({
      data: chunks.map((chunk, i) => ({
        documentId,
        ord: chunk.ord,
        heading: chunk.heading ?? null,
        content: chunk.content,
        embedding: embeddings?.[i] ?? [],
      })),
    });
    // `search` is a tsvector, which Prisma cannot write: fill it in with SQL.
    // Heading words weigh more (A) than body words (B) in ts_rank_cd.
    await tx.$executeRaw`
      UPDATE knowledge_chunks
      SET search = setweight(to_tsvector('english', coalesce(heading, '')), 'A')
                || setweight(to_tsvector('english', content), 'B')
      WHERE document_id = ${documentId}::uuid`;
  });
  return chunks.length;
}

/** The heading is embedded with the content: "Allergens > Nuts" is half the meaning of a short chunk. */
async function embedChunks(
  embed: EmbedTexts,
  slug: string,
  chunks: readonly { heading?: string; content: string }[],
): Promise<number[][]> {
  if (chunks.length === 0) return [];
  const vectors = await embed(chunks.map((chunk) => (chunk.heading ? `${chunk.heading}\n\n` : "") + chunk.content));
  if (vectors.length !== chunks.length || vectors.some((v) => v.length === 0 || v.some((x) => !Number.isFinite(x)))) {
    throw new AppError(
      "PROVIDER_ERROR",
      `embedding "${slug}": expected ${chunks.length} finite, non-empty vectors, got ${vectors.length}`,
    );
  }
  return vectors;
}

async function slugsWithMissingEmbeddings(slugs: readonly string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const rows = await db().knowledgeChunk.findMany({
    where: { embedding: { isEmpty: true }, document: { slug: { in: [...slugs] } } },
    select: { document: { select: { slug: true } } },
    distinct: ["documentId"],
  });
  return new Set(rows.map((row) => row.document.slug));
}
