import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real OpenAI-compatible HTTP server for contract tests: it speaks the
 * Chat Completions wire protocol (`POST /v1/chat/completions`, answered as
 * `text/event-stream` lines `data: {chat.completion.chunk}` ending with
 * `data: [DONE]`), so the official SDK is exercised end to end, including its
 * HTTP, SSE parsing and error paths. Each request takes the next queued reply.
 */
export type MockReply =
  /** A well-formed stream of the given chunks, `delayMs` apart, then `[DONE]`. */
  | { readonly kind: "stream"; readonly chunks: readonly object[]; readonly delayMs?: number }
  /** A non-2xx JSON error response, as the API sends one. */
  | { readonly kind: "status"; readonly status: number; readonly body: object }
  /** Accepts the request and never answers (no headers). */
  | { readonly kind: "hang" }
  /** Sends headers and these chunks, then goes silent with the socket open. */
  | { readonly kind: "stall"; readonly chunks: readonly object[] }
  /** Sends these bytes as the event-stream body verbatim, then closes. */
  | { readonly kind: "raw"; readonly body: string | Uint8Array };

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
  /** Wall-clock arrival time. */
  readonly atMs: number;
  /** When the connection closed: the response ended, or the client hung up (an aborted request). */
  closedAtMs?: number;
  /** True once the whole reply was written; a close before that was the client's. */
  completed?: boolean;
}

export interface MockOpenAiServer {
  /** Pass as the SDK's `baseURL`. */
  readonly baseURL: string;
  readonly requests: ReceivedRequest[];
  reply(...replies: MockReply[]): void;
  /** The reply for a request that finds the queue empty (default: a 500 saying none was queued). */
  whenQueueEmpty(reply: MockReply | undefined): void;
  close(): Promise<void>;
}

export interface MockOpenAiServerOptions {
  /**
   * Answers a request when no reply is queued: a reply that depends on what
   * was asked (e.g. a per-scenario script keyed on the user's words), for a
   * long-running server that stands in for a real model.
   */
  readonly respond?: (body: Record<string, unknown>) => MockReply;
  /** Default: an ephemeral port. */
  readonly port?: number;
}

export async function startMockOpenAiServer(options: MockOpenAiServerOptions = {}): Promise<MockOpenAiServer> {
  const queue: MockReply[] = [];
  let standing: MockReply | undefined;
  const requests: ReceivedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? "";
    const received: ReceivedRequest = {
      method: req.method ?? "",
      path,
      headers: req.headers,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
      atMs: Date.now(),
    };
    requests.push(received);
    res.on("close", () => (received.closedAtMs ??= Date.now()));
    if (req.method !== "POST" || path !== "/v1/chat/completions") {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
    }
    const body = requests.at(-1)!.body;
    // Queued replies first, then the standing one, then one computed from the request.
    const reply = queue.shift() ?? standing ?? options.respond?.(body);
    if (!reply) return sendJson(res, 500, { error: { message: "mock server: no reply queued", type: "server_error" } });

    switch (reply.kind) {
      case "status":
        return sendJson(res, reply.status, reply.body);
      case "hang":
        return; // the socket stays open until close()
      case "raw":
        startEventStream(res);
        res.end(reply.body);
        return;
      case "stall":
        startEventStream(res);
        for (const chunk of reply.chunks) res.write(sseData(chunk));
        return;
      case "stream":
        startEventStream(res);
        for (const chunk of reply.chunks) {
          if (reply.delayMs) await delay(reply.delayMs, timers);
          if (res.destroyed) return;
          res.write(sseData(chunk));
        }
        res.end("data: [DONE]\n\n");
        received.completed = true;
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    whenQueueEmpty: (reply) => void (standing = reply),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        // Hanging and stalled responses would otherwise keep close() waiting.
        server.closeAllConnections();
      }),
  };
}

// ---- chunk builders: the shapes OpenAI actually streams ----

let sequence = 0;

/** One `chat.completion.chunk` with a single choice. */
export function chunk(delta: object, finishReason: string | null = null): object {
  return {
    id: `chatcmpl-mock-${++sequence}`,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model: "mock-model",
    system_fingerprint: "fp_mock",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  };
}

/** A text reply streamed as the given deltas: role first, finish reason last. */
export function textReply(deltas: readonly string[], finishReason = "stop"): object[] {
  return [
    chunk({ role: "assistant", content: "", refusal: null }),
    ...deltas.map((content) => chunk({ content })),
    chunk({}, finishReason),
  ];
}

/**
 * Tool calls streamed the way OpenAI does it: per call, a first fragment with
 * `index`, `id`, `type` and the name (empty arguments), then the arguments
 * JSON in pieces carrying only `index`.
 */
export function toolCallReply(
  calls: readonly { id: string; name: string; argumentFragments: readonly string[] }[],
): object[] {
  const fragments = calls.flatMap((call, index) => [
    chunk({
      tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }],
    }),
    ...call.argumentFragments.map((piece) => chunk({ tool_calls: [{ index, function: { arguments: piece } }] })),
  ]);
  return [chunk({ role: "assistant", content: null }), ...fragments, chunk({}, "tool_calls")];
}

function sseData(payload: object): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

function startEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  res.flushHeaders();
}

function sendJson(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function delay(ms: number, timers: Set<ReturnType<typeof setTimeout>>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}
