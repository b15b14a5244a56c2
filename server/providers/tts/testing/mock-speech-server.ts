import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP server for TTS contract tests, speaking the two streaming
 * speech endpoints the adapters use: Deepgram Aura (`POST /v1/speak?model=…`,
 * JSON `{text}`) and OpenAI (`POST /v1/audio/speech`, JSON `{model, voice,
 * input, response_format}`). Audio replies stream raw PCM in chunks of the
 * sizes given (odd sizes split samples across chunks, as real networks do).
 * Each request takes the next queued reply.
 */
export type SpeechReply =
  /** 200 with these bytes, written in chunks cycling through `chunkSizes`, `delayMs` apart. */
  | { readonly kind: "pcm"; readonly bytes: Uint8Array; readonly chunkSizes?: readonly number[]; readonly delayMs?: number }
  /** A non-2xx JSON error, as the API sends one. */
  | { readonly kind: "status"; readonly status: number; readonly body: object }
  /** Accepts the request and never answers (no headers). */
  | { readonly kind: "hang" }
  /** Sends headers and these bytes, then goes silent with the socket open. */
  | { readonly kind: "stall"; readonly bytes: Uint8Array };

export interface ReceivedSpeechRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
}

export interface MockSpeechServer {
  /** Origin only, e.g. `http://127.0.0.1:1234` (Deepgram's baseUrl); OpenAI's baseURL is this + `/v1`. */
  readonly origin: string;
  readonly requests: ReceivedSpeechRequest[];
  reply(...replies: SpeechReply[]): void;
  close(): Promise<void>;
}

const ROUTES = new Set(["/v1/speak", "/v1/audio/speech"]);

export async function startMockSpeechServer(): Promise<MockSpeechServer> {
  const queue: SpeechReply[] = [];
  const requests: ReceivedSpeechRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push({
      method: req.method ?? "",
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
    });
    if (req.method !== "POST" || !ROUTES.has(url.pathname)) {
      return sendJson(res, 404, { err_code: "NOT_FOUND", err_msg: `no route ${req.method} ${url.pathname}` });
    }
    const reply = queue.shift();
    if (!reply) return sendJson(res, 500, { err_msg: "mock server: no reply queued" });

    switch (reply.kind) {
      case "status":
        return sendJson(res, reply.status, reply.body);
      case "hang":
        return; // the socket stays open until close()
      case "stall":
        startAudio(res);
        res.write(reply.bytes);
        return;
      case "pcm": {
        startAudio(res);
        const sizes = reply.chunkSizes?.length ? reply.chunkSizes : [4096];
        for (let offset = 0, i = 0; offset < reply.bytes.length; i++) {
          const size = sizes[i % sizes.length]!;
          if (reply.delayMs) await delay(reply.delayMs, timers);
          if (res.destroyed) return;
          res.write(reply.bytes.subarray(offset, offset + size));
          offset += size;
        }
        res.end();
        return;
      }
    }
  }

  // Chunks must leave one by one rather than coalesce, so the client sees the sizes we chose.
  server.on("connection", (socket) => socket.setNoDelay(true));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    reply: (...replies) => void queue.push(...replies),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Little-endian 16-bit PCM of a sine tone: what the engines stream. */
export function sinePcm(options: { sampleRate: number; ms: number; hz?: number; amplitude?: number }): Uint8Array {
  const count = Math.round((options.sampleRate * options.ms) / 1000);
  const bytes = new Uint8Array(count * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) {
    const value = Math.round((options.amplitude ?? 8000) * Math.sin((2 * Math.PI * (options.hz ?? 440) * i) / options.sampleRate));
    view.setInt16(i * 2, value, true);
  }
  return bytes;
}

function startAudio(res: ServerResponse): void {
  // The adapters read the body as raw PCM whatever the content type says.
  res.writeHead(200, { "content-type": "application/octet-stream" });
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
