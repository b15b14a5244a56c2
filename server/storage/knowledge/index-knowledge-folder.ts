import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  indexKnowledgeDocuments,
  type IndexKnowledgeOptions,
  type IndexKnowledgeResult,
  type KnowledgeSource,
} from "./index-documents";

/**
 * Indexes every `*.md` file directly in `folder` (not in subfolders); the slug
 * is the file name without `.md`. Documents whose file is gone are deleted
 * only with `{ prune: true }` (then the folder is the whole knowledge base).
 */
export async function indexKnowledgeFolder(
  folder: string,
  options: IndexKnowledgeOptions = {},
): Promise<IndexKnowledgeResult> {
  const docs = await readKnowledgeFolder(folder);
  return indexKnowledgeDocuments(docs, options);
}

export async function readKnowledgeFolder(folder: string): Promise<KnowledgeSource[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith(".md"))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    files.map(async (name) => ({ slug: basename(name, ".md"), content: await readFile(join(folder, name), "utf8") })),
  );
}
