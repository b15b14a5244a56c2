import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../core/errors";
import { createOpenAiEmbeddings } from "./embeddings";

/** A local server speaking OpenAI's `POST /v1/embeddings` wire format. */
let server: Server;
let baseURL = "";
const received: { model: string; input: string[]; encoding_format?: string }[] = [];
let failNext = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (req.url !== "/v1/embeddings" || req.method !== "POST") return void res.writeHead(404).end();
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
        return;
      }
      const request = JSON.parse(body) as { model: string; input: string[] };
      received.push(request);
      // Returned out of order on purpose: clients must sort by index.
      const data = request.input.map((text, index) => ({ object: "embedding", index, embedding: [text.length, index, 1] })).reverse();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data, model: request.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("OpenAI embeddings over the real SDK", () => {
  it("sends the model and inputs and returns vectors in input order", async () => {
    const e = createOpenAiEmbeddings({ apiKey: "k", baseURL, model: "text-embedding-3-small" });
    const vectors = await e.embedTexts(["a", "bbb"]);
    expect(vectors).toEqual([[1, 0, 1], [3, 1, 1]]);
    expect(received.at(-1)).toEqual({ model: "text-embedding-3-small", input: ["a", "bbb"], encoding_format: "float" });
  });

  it("maps a persistent server error to a retryable AppError", async () => {
    failNext = 5;
    const e = createOpenAiEmbeddings({ apiKey: "k", baseURL, model: "m" });
    const error = await e.embedQuery("x").catch((err: unknown) => err);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).retryable).toBe(true);
    failNext = 0;
  });
});
