import { AppError } from "@/server/core/errors";
import { jsonOk } from "@/server/admin/http";
import {
  knowledgeContentSchema,
  MAX_KNOWLEDGE_BYTES,
  parseKnowledgeSlug,
  readKnowledgeFile,
  removeKnowledgeDocument,
  saveKnowledgeDocument,
} from "@/server/admin/knowledge-files";
import { readJsonBody } from "@/server/admin/read-json-body";
import { withAdmin } from "@/server/admin/with-admin";

export const dynamic = "force-dynamic";

type Params = { slug: string };

/** GET /api/admin/knowledge/:slug → `{ slug, content }` (the markdown file). */
export const GET = withAdmin<Params>(async (_request, { params }) => {
  const slug = parseKnowledgeSlug(params.slug);
  const content = await readKnowledgeFile(slug);
  if (content === null) throw new AppError("NOT_FOUND", `knowledge document ${slug} not found`);
  return jsonOk({ slug, content });
});

/**
 * PUT /api/admin/knowledge/:slug, body `{ content }` (markdown starting with a
 * `# Title` line, at most 100 KB) → writes knowledge/<slug>.md and re-indexes
 * it at once, so the next question is answered from the new text.
 */
export const PUT = withAdmin<Params>(async (request, { params }) => {
  const slug = parseKnowledgeSlug(params.slug);
  // JSON escaping can double the markdown's size (quotes, newlines).
  const { content } = knowledgeContentSchema.parse(await readJsonBody(request, 2 * MAX_KNOWLEDGE_BYTES + 1024));
  const saved = await saveKnowledgeDocument(slug, content);
  return jsonOk(saved, { status: saved.created ? 201 : 200 });
});

/** DELETE /api/admin/knowledge/:slug → removes the file and the document (with its chunks) from the index. */
export const DELETE = withAdmin<Params>(async (_request, { params }) => {
  const slug = parseKnowledgeSlug(params.slug);
  if (!(await removeKnowledgeDocument(slug))) throw new AppError("NOT_FOUND", `knowledge document ${slug} not found`);
  return jsonOk({ slug, deleted: true });
});
