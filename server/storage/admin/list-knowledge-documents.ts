import { db } from "../db";

export interface KnowledgeDocumentSummary {
  id: string;
  slug: string;
  title: string;
  updatedAt: Date;
  chunks: number;
  characters: number;
}

/** The knowledge-base documents, for the settings page. */
export async function listKnowledgeDocuments(): Promise<KnowledgeDocumentSummary[]> {
  const rows = await db().knowledgeDocument.findMany({
    orderBy: { title: "asc" },
    select: { id: true, slug: true, title: true, updatedAt: true, content: true, _count: { select: { chunks: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    updatedAt: row.updatedAt,
    chunks: row._count.chunks,
    characters: row.content.length,
  }));
}
