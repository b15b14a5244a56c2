import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { AppError } from "../core/errors";
import { deleteKnowledgeDocument } from "../storage/knowledge/delete-document";
import { env } from "../env";
import { knowledgeEmbeddings } from "../providers/llm/knowledge-embeddings";
import { indexKnowledgeDocuments } from "../storage/knowledge/index-documents";
import { readKnowledgeFolder } from "../storage/knowledge/index-knowledge-folder";
import { writeFileAtomic } from "./atomic-write";
import { withKeyedLock } from "./keyed-lock";

/**
 * The knowledge base as admins edit it: one markdown file per document in
 * knowledge/ (the source of truth that scripts/index-knowledge.ts indexes at
 * start-up), kept in step with the search index on every save and delete.
 */
export const knowledgeFolder = join(process.cwd(), "knowledge");

export const MAX_KNOWLEDGE_BYTES = 100 * 1024;

export const knowledgeSlugSchema = z
  .string()
  .regex(/^[a-z0-9-]{2,60}$/, "slug must be 2–60 characters of a–z, 0–9 and -");

const TITLE_LINE = /^# +\S[^\n]*(?:\n|$)/;

export const knowledgeContentSchema = z.object({
  content: z
    .string()
    .regex(TITLE_LINE, "content must start with a '# Title' line")
    .refine((content) => Buffer.byteLength(content, "utf8") <= MAX_KNOWLEDGE_BYTES, {
      message: `content must be at most ${MAX_KNOWLEDGE_BYTES / 1024} KB`,
    }),
});

export function parseKnowledgeSlug(raw: string): string {
  const parsed = knowledgeSlugSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]?.message ?? "invalid slug");
  return parsed.data;
}

export function knowledgeTitle(content: string): string | undefined {
  return /^# +(.+?)\s*$/m.exec(content)?.[1];
}

function pathOf(slug: string): string {
  return join(knowledgeFolder, `${slug}.md`);
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}

/** The document's markdown, or null when there is no such file. */
export async function readKnowledgeFile(slug: string): Promise<string | null> {
  try {
    return await readFile(pathOf(slug), "utf8");
  } catch (error) {
    if (isMissingFile(error)) return null;
    throw error;
  }
}

/** Every document file, sorted by slug; none when the folder does not exist yet. */
export async function listKnowledgeFiles(): Promise<{ slug: string; content: string }[]> {
  try {
    return await readKnowledgeFolder(knowledgeFolder);
  } catch (error) {
    if (isMissingFile(error)) return [];
    throw error;
  }
}

export interface SavedKnowledgeDocument {
  slug: string;
  title: string;
  created: boolean;
  /** False when the text was unchanged (same content hash): nothing to re-index. */
  reindexed: boolean;
  chunksWritten: number;
}

/** Writes knowledge/<slug>.md and re-indexes just that document (no prune). */
export async function saveKnowledgeDocument(slug: string, content: string): Promise<SavedKnowledgeDocument> {
  return withKeyedLock(`knowledge:${slug}`, async () => {
    const created = (await readKnowledgeFile(slug)) === null;
    await writeFileAtomic(pathOf(slug), content);
    try {
      // Same embeddings as the start-up indexer, so semantic search finds the saved text at once.
      const result = await indexKnowledgeDocuments([{ slug, content }], { embed: knowledgeEmbeddings(env())?.embedTexts });
      return {
        slug,
        title: knowledgeTitle(content) ?? slug,
        created,
        reindexed: result.indexed.includes(slug),
        chunksWritten: result.chunksWritten,
      };
    } catch (error) {
      // The file is saved; the start-up indexer (or the next save) catches the index up.
      throw new AppError("UNAVAILABLE", `saved knowledge/${slug}.md but could not re-index it; save again to retry`, {
        retryable: true,
        cause: error,
      });
    }
  });
}

/** Deletes knowledge/<slug>.md and its indexed document; false when neither existed. */
export async function removeKnowledgeDocument(slug: string): Promise<boolean> {
  return withKeyedLock(`knowledge:${slug}`, async () => {
    const fileRemoved = await rm(pathOf(slug)).then(
      () => true,
      (error: unknown) => {
        if (isMissingFile(error)) return false;
        throw error;
      },
    );
    const documentRemoved = await deleteKnowledgeDocument({ slug });
    return fileRemoved || documentRemoved;
  });
}
