import { db } from "../db";

/** Removes a knowledge document and (by ON DELETE CASCADE) its chunks. Returns whether it was indexed. */
export async function deleteKnowledgeDocument(options: { slug: string }): Promise<boolean> {
  const { count } = await db().knowledgeDocument.deleteMany({ where: { slug: options.slug } });
  return count > 0;
}
