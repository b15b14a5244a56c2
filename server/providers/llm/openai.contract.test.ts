import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createModelChain } from "../../core/dialogue/model-chain";
import type { LanguageModel, LlmEvent, LlmRequest, ToolSpec } from "../../core/dialogue/llm-port";
import { AppError } from "../../core/errors";
import { createOpenAiModel } from "./openai";
import {
  chunk,
  startMockOpenAiServer,
  textReply,
  toolCallReply,
  type MockOpenAiServer,
} from "./testing/mock-openai-server";

/**
 * Contract: the real `openai` SDK against a real local HTTP server speaking
 * the Chat Completions streaming protocol. Catches what a mocked client
 * cannot: request shape on the wire, SSE parsing, SDK error classes.
 */
const TIMEOUT_MS = 300;

const lookupOrder: ToolSpec = {
  name: "lookup_order",
  description: "Looks up an order by its number.",
  parameters: z.toJSONSchema(z.object({ orderNumber: z.string().describe("e.g. A-1001") })),
};
const request: LlmRequest = {
  messages: [
    { role: "system", content: "You are the front desk of a bakery." },
    { role: "user", content: "Where is order A-1001?" },
  ],
  tools: [lookupOrder],
  maxTokens: 120,
  temperature: 0.3,
};

let server: MockOpenAiServer;
let model: LanguageModel;

beforeEach(async () => {
  server = await startMockOpenAiServer();
  model = createOpenAiModel({ apiKey: "sk-test", baseURL: server.baseURL, model: "gpt-test", timeoutMs: TIMEOUT_MS });
});
afterEach(() => server.close());

async function collect(events: AsyncIterable<LlmEvent>): Promise<LlmEvent[]> {
  const out: LlmEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function failure(events: AsyncIterable<LlmEvent>): Promise<{ error: AppError; before: LlmEvent[] }> {
  const before: LlmEvent[] = [];
  try {
    for await (const event of events) before.push(event);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { error: error as AppError, before };
  }
  throw new Error(`expected a failure, got ${JSON.stringify(before)}`);
}

describe("OpenAI provider over the wire", () => {
  it("streams text deltas and sends tools as JSON Schema plus max_tokens", async () => {
    server.reply({ kind: "stream", chunks: textReply(["It left ", "the oven ", "at nine."]), delayMs: 5 });

    expect(await collect(model.stream(request))).toEqual([
      { type: "text", delta: "It left " },
      { type: "text", delta: "the oven " },
      { type: "text", delta: "at nine." },
      { type: "done", finishReason: "stop" },
    ]);

    expect(server.requests).toHaveLength(1);
    const received = server.requests[0]!;
    expect(received.path).toBe("/v1/chat/completions");
    expect(received.headers.authorization).toBe("Bearer sk-test");
    expect(received.body).toMatchObject({
      model: "gpt-test",
      stream: true,
      max_tokens: 120,
      temperature: 0.3,
      messages: [
        { role: "system", content: "You are the front desk of a bakery." },
        { role: "user", content: "Where is order A-1001?" },
      ],
    });
    expect(received.body.tools).toEqual([
      {
        type: "function",
        function: {
          name: "lookup_order",
          description: "Looks up an order by its number.",
          parameters: {
            type: "object",
            properties: { orderNumber: { type: "string", description: "e.g. A-1001" } },
            required: ["orderNumber"],
            additionalProperties: false,
          },
        },
      },
    ]);
  });

  it("assembles two tool calls streamed in argument fragments", async () => {
    server.reply({
      kind: "stream",
      chunks: toolCallReply([
        { id: "call_a", name: "lookup_order", argumentFragments: ['{"order', 'Number":', '"A-10', '01"}'] },
        { id: "call_b", name: "lookup_order", argumentFragments: ['{"orderNumber"', ':"B-7"}'] },
      ]),
    });

    expect(await collect(model.stream(request))).toEqual([
      { type: "tool_call", id: "call_a", name: "lookup_order", arguments: '{"orderNumber":"A-1001"}' },
      { type: "tool_call", id: "call_b", name: "lookup_order", arguments: '{"orderNumber":"B-7"}' },
      { type: "done", finishReason: "tool_calls" },
    ]);
  });

  it("assembles tool-call fragments that interleave by index", async () => {
    const fragment = (index: number, fn: object, id?: string) =>
      chunk({ tool_calls: [{ index, ...(id ? { id, type: "function" } : {}), function: fn }] });
    server.reply({
      kind: "stream",
      chunks: [
        fragment(0, { name: "first", arguments: "" }, "call_0"),
        fragment(1, { name: "second", arguments: '{"b":' }, "call_1"),
        fragment(0, { arguments: '{"a":1}' }),
        fragment(1, { arguments: "2}" }),
        chunk({}, "tool_calls"),
      ],
    });

    const calls = (await collect(model.stream(request))).filter((e) => e.type === "tool_call");
    expect(calls).toEqual([
      { type: "tool_call", id: "call_0", name: "first", arguments: '{"a":1}' },
      { type: "tool_call", id: "call_1", name: "second", arguments: '{"b":2}' },
    ]);
  });

  it("sends a tool round trip in the API's message shape", async () => {
    server.reply({ kind: "stream", chunks: textReply(["Out for delivery."]) });
    await collect(
      model.stream({
        messages: [
          { role: "user", content: "Where is A-1001?" },
          {
            role: "assistant",
            content: "",
            toolCalls: [{ id: "call_a", name: "lookup_order", arguments: '{"orderNumber":"A-1001"}' }],
          },
          { role: "tool", toolCallId: "call_a", content: '{"status":"out for delivery"}' },
        ],
      }),
    );
    const body = server.requests[0]!.body;
    expect(body.messages).toEqual([
      { role: "user", content: "Where is A-1001?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_a", type: "function", function: { name: "lookup_order", arguments: '{"orderNumber":"A-1001"}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_a", content: '{"status":"out for delivery"}' },
    ]);
    expect(body).not.toHaveProperty("tools");
    expect(body).not.toHaveProperty("max_tokens");
  });

  it.each([
    [500, { error: { message: "The server had an error", type: "server_error" } }, "PROVIDER_ERROR", true],
    [503, { error: { message: "Overloaded", type: "server_error" } }, "PROVIDER_ERROR", true],
    [429, { error: { message: "Rate limit reached", type: "requests", code: "rate_limit_exceeded" } }, "UNAVAILABLE", true],
    [429, { error: { message: "Quota exceeded", type: "insufficient_quota", code: "insufficient_quota" } }, "UNAVAILABLE", false],
    [400, { error: { message: "Invalid 'messages'", type: "invalid_request_error" } }, "BAD_REQUEST", false],
    [401, { error: { message: "Incorrect API key", type: "invalid_request_error", code: "invalid_api_key" } }, "UNAUTHORIZED", false],
  ] as const)("maps HTTP %i to %s (retryable: %s), without SDK retries", async (status, body, code, retryable) => {
    server.reply({ kind: "status", status, body });
    const { error } = await failure(model.stream(request));
    expect(error).toMatchObject({ code: code, retryable });
    expect(server.requests).toHaveLength(1);
  });

  it("times out a server that never answers", async () => {
    server.reply({ kind: "hang" });
    const started = performance.now();
    const { error } = await failure(model.stream(request));
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
    expect(performance.now() - started).toBeLessThan(TIMEOUT_MS + 500);
  });

  it("times out a stream that stalls after its first delta", async () => {
    server.reply({ kind: "stall", chunks: textReply(["Let me check"]).slice(0, 2) });
    const { error, before } = await failure(model.stream(request));
    expect(before).toEqual([{ type: "text", delta: "Let me check" }]);
    expect(error).toMatchObject({ code: "TIMEOUT", retryable: true });
  });

  it.each([
    ["a data line that is not JSON", `data: {"id":"x","choices":[{"delta":{"content":"Hi"}\n\n`],
    ["JSON that is not a chunk", 'data: {"hello":"world"}\n\ndata: [DONE]\n\n'],
    ["binary noise with no SSE framing", new Uint8Array([0xff, 0xfe, 0x00, 0x9c, 0x0a, 0x41, 0x0a, 0x0a])],
    ["a stream cut before its finish reason", `data: ${JSON.stringify(chunk({ content: "Hi" }))}\n\n`],
    ["an error object inside the stream", 'data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'],
  ])("turns %s into a retryable PROVIDER_ERROR", async (_label, body) => {
    server.reply({ kind: "raw", body });
    const { error } = await failure(model.stream(request));
    expect(error).toMatchObject({ code: "PROVIDER_ERROR", retryable: true });
  });

  it("reports a refused connection as retryable UNAVAILABLE", async () => {
    const unused = await freePort();
    const offline = createOpenAiModel({
      apiKey: "sk-test",
      baseURL: `http://127.0.0.1:${unused}/v1`,
      model: "gpt-test",
      timeoutMs: TIMEOUT_MS,
    });
    const { error } = await failure(offline.stream(request));
    expect(error).toMatchObject({ code: "UNAVAILABLE", retryable: true });
  });

  it("ends quietly when the caller aborts a hanging request", async () => {
    server.reply({ kind: "hang" });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);
    expect(await collect(model.stream(request, { signal: caller.signal }))).toEqual([]);
  });

  it("ends quietly when the caller aborts mid-stream", async () => {
    server.reply({ kind: "stream", chunks: textReply(["one ", "two ", "three ", "four"]), delayMs: 40 });
    const caller = new AbortController();
    const events: LlmEvent[] = [];
    for await (const event of model.stream(request, { signal: caller.signal })) {
      events.push(event);
      // A custom reason, as barge-in passes one: undici rethrows it as is.
      if (events.length === 1) caller.abort(new Error("barge-in"));
    }
    expect(events).toEqual([{ type: "text", delta: "one " }]);
  });

  it("falls back from a failing endpoint to a healthy one through the chain", async () => {
    const backup = await startMockOpenAiServer();
    try {
      server.reply({ kind: "status", status: 500, body: { error: { message: "boom", type: "server_error" } } });
      backup.reply({ kind: "stream", chunks: textReply(["Backup here."]) });
      const chain = createModelChain(
        [model, createOpenAiModel({ apiKey: "sk-b", baseURL: backup.baseURL, model: "gpt-b", timeoutMs: TIMEOUT_MS })],
        { firstTokenTimeoutMs: 1_000, retries: 0, backoffMs: 10, breaker: { failureThreshold: 3, cooldownMs: 5_000 } },
      );
      expect(await collect(chain.stream(request))).toEqual([
        { type: "text", delta: "Backup here." },
        { type: "done", finishReason: "stop" },
      ]);
    } finally {
      await backup.close();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
