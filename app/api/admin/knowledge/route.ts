import { jsonOk } from "@/server/admin/http";
import { knowledgeTitle, listKnowledgeFiles } from "@/server/admin/knowledge-files";
import { withAdmin } from "@/server/admin/with-admin";
import { listKnowledgeDocuments } from "@/server/storage/admin/list-knowledge-documents";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/knowledge → every document file with its index state
 * (`indexed: null` when the file is not in the search index yet).
 */
export const GET = withAdmin(async () => {
  const [files, indexed] = await Promise.all([listKnowledgeFiles(), listKnowledgeDocuments()]);
  const bySlug = new Map(indexed.map((doc) => [doc.slug, doc]));
  return jsonOk({
    documents: files.map(({ slug, content }) => {
      const doc = bySlug.get(slug);
      return {
        slug,
        title: knowledgeTitle(content) ?? slug,
        bytes: Buffer.byteLength(content, "utf8"),
        indexed: doc ? { chunks: doc.chunks, updatedAt: doc.updatedAt } : null,
      };
    }),
  });
});
