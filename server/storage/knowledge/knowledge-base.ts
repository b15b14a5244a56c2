import type { KnowledgeBase } from "../../core/dialogue/dialogue-ports";
import { searchKnowledge } from "./search-knowledge";

/**
 * The KnowledgeBase port over Postgres. Full-text by default; pass
 * `embedQuery` (with documents indexed by the same embedding model) for
 * semantic search.
 */
export function createPostgresKnowledgeBase(
  options: { embedQuery?: (query: string) => Promise<number[]> } = {},
): KnowledgeBase {
  return {
    search: (query, { limit, signal } = {}) =>
      searchKnowledge(query, { limit, signal, embedQuery: options.embedQuery }),
  };
}

export const postgresKnowledgeBase: KnowledgeBase = createPostgresKnowledgeBase();
