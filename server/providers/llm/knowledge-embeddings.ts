import type { Env } from "../../env";
import { createOpenAiEmbeddings, type Embeddings } from "./embeddings";

/** Embeddings for the knowledge base when OPENAI_EMBEDDING_MODEL is set (and an endpoint is configured). */
export function knowledgeEmbeddings(env: Pick<Env, "OPENAI_EMBEDDING_MODEL" | "OPENAI_API_KEY" | "OPENAI_BASE_URL">): Embeddings | undefined {
  if (!env.OPENAI_EMBEDDING_MODEL || (!env.OPENAI_API_KEY && !env.OPENAI_BASE_URL)) return undefined;
  return createOpenAiEmbeddings({ apiKey: env.OPENAI_API_KEY ?? "none", baseURL: env.OPENAI_BASE_URL, model: env.OPENAI_EMBEDDING_MODEL });
}
