import OpenAI from "openai";
import { AppError } from "../../core/errors";

export interface Embeddings {
  readonly model: string;
  embedTexts(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/**
 * Text embeddings over any OpenAI-compatible `/embeddings` endpoint, for the
 * knowledge base's semantic search (documents and queries must use the same model).
 */
export function createOpenAiEmbeddings(options: { apiKey: string; baseURL?: string; model: string; timeoutMs?: number }): Embeddings {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 1, timeout: options.timeoutMs ?? 10_000 });
  const embedTexts = async (texts: string[]): Promise<number[][]> => {
    if (texts.length === 0) return [];
    try {
      const response = await client.embeddings.create({ model: options.model, input: texts, encoding_format: "float" });
      const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
      if (vectors.length !== texts.length) throw new AppError("PROVIDER_ERROR", `embeddings: asked for ${texts.length}, got ${vectors.length}`, { retryable: true });
      return vectors;
    } catch (error) {
      if (error instanceof AppError) throw error;
      const status = error instanceof OpenAI.APIError ? error.status : undefined;
      throw new AppError("PROVIDER_ERROR", `embeddings failed${status ? ` (HTTP ${status})` : ""}: ${error instanceof Error ? error.message : String(error)}`, {
        retryable: status === undefined || status >= 500 || status === 429,
        cause: error,
      });
    }
  };
  return {
    model: options.model,
    embedTexts,
    embedQuery: async (text) => (await embedTexts([text]))[0] ?? [],
  };
}
