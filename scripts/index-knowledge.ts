/**
 * Indexes the markdown files in `knowledge/` into Postgres for the
 * search_knowledge_base tool: `npx tsx scripts/index-knowledge.ts [folder]`.
 *
 * Idempotent and cheap to run at every start-up: unchanged documents are
 * skipped by content hash, changed ones re-chunked, and documents whose file
 * was deleted are removed (the folder is the whole knowledge base). Exits 1 on
 * failure. Needs a migrated database at DATABASE_URL.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { env } from "../server/env";
import { knowledgeEmbeddings } from "../server/providers/llm/knowledge-embeddings";
import { disconnectDb } from "../server/storage/db";
import { indexKnowledgeFolder } from "../server/storage/knowledge/index-knowledge-folder";

const folder = process.argv[2]
  ? resolve(process.argv[2])
  : fileURLToPath(new URL("../knowledge/", import.meta.url));

try {
  const started = performance.now();
  // With OPENAI_EMBEDDING_MODEL set, chunks also get embeddings for semantic search.
  const embeddings = knowledgeEmbeddings(env());
  const result = await indexKnowledgeFolder(folder, { prune: true, embed: embeddings?.embedTexts });
  console.log(
    JSON.stringify({
      t: new Date().toISOString(),
      level: "info",
      msg: "knowledge indexed",
      folder,
      indexed: result.indexed,
      unchanged: result.unchanged.length,
      pruned: result.pruned,
      chunksWritten: result.chunksWritten,
      ms: Math.round(performance.now() - started),
    }),
  );
} catch (error) {
  console.error("index-knowledge failed:", error);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
