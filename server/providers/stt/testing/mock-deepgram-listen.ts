import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";

/**
 * A real WebSocket server speaking Deepgram's live transcription protocol
 * (`/v1/listen`) for contract tests: query parameters configure the stream,
 * binary messages carry audio, text messages carry control JSON
 * (`CloseStream`, `Finalize`, `KeepAlive`), and the server answers with
 * `Results` and, after CloseStream, `Metadata` before closing normally.
 * Each connection takes the next queued scenario.
 */
export type ListenScenario =
  /** The handshake is refused with this HTTP status (e.g. 401 for a bad key). */
  | { readonly kind: "reject"; readonly status: number; readonly body?: object }
  /** The TCP connection is accepted and the upgrade never answered. */
  | { readonly kind: "hang" }
  | {
      readonly kind: "session";
      /** Messages sent once this many audio bytes have arrived, in order. */
      readonly steps?: readonly { readonly afterBytes: number; readonly send: object }[];
      /** Sent after CloseStream (what finalizing the rest yields), before Metadata. */
      readonly onCloseStream?: readonly object[];
      /** Closes the stream once this many audio bytes have arrived (code 1006 drops the TCP connection). */
      readonly closeAfterBytes?: { readonly bytes: number; readonly code: number; readonly reason?: string };
      /** Receives CloseStream and never answers it. */
      readonly ignoreCloseStream?: boolean;
    };

export interface ListenConnection {
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage["headers"];
  readonly audio: Buffer[];
  /** Control messages the client sent, parsed. */
  readonly control: Record<string, unknown>[];
  audioBytes: number;
  /** Settles when the client or the server closes the socket. */
  readonly closed: Promise<{ code: number }>;
}

export interface MockDeepgramListen {
  /** Pass as the adapter's `baseUrl` (http; the SDK derives ws). */
  readonly baseUrl: string;
  readonly connections: ListenConnection[];
  /** Upgrade requests seen, including refused and hanging ones. */
  readonly attempts: number;
  queue(...scenarios: ListenScenario[]): void;
  close(): Promise<void>;
}

/** The subset of `ws` used here (the package ships no types and @types/ws is not installed). */
interface WsSocket {
  on(event: "message", listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: "close", listener: (code: number) => void): void;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}
interface WsServer {
  handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer, done: (ws: WsSocket) => void): void;
  close(): void;
}
const { WebSocketServer } = createRequire(import.meta.url)("ws") as {
  WebSocketServer: new (options: { noServer: true }) => WsServer;
};

export async function startMockDeepgramListen(): Promise<MockDeepgramListen> {
  const scenarios: ListenScenario[] = [];
  const connections: ListenConnection[] = [];
  const sockets = new Set<Socket>();
  const live = new Set<WsSocket>();
  let attempts = 0;
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    attempts += 1;
    const url = new URL(req.url ?? "/", "http://localhost");
    const scenario: ListenScenario =
      url.pathname !== "/v1/listen"
        ? { kind: "reject", status: 404, body: { err_code: "NOT_FOUND", err_msg: `no route ${url.pathname}` } }
        : (scenarios.shift() ?? { kind: "reject", status: 500, body: { err_msg: "mock: no scenario queued" } });
    if (scenario.kind === "hang") return;
    if (scenario.kind === "reject") {
      const body = JSON.stringify(scenario.body ?? { err_code: "ERROR", err_msg: "refused" });
      socket.end(
        `HTTP/1.1 ${scenario.status} Refused\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      live.add(ws);
      let resolveClosed!: (value: { code: number }) => void;
      const connection: ListenConnection = {
        query: url.searchParams,
        headers: req.headers,
        audio: [],
        control: [],
        audioBytes: 0,
        closed: new Promise((resolve) => (resolveClosed = resolve)),
      };
      connections.push(connection);
      runSession(ws, connection, scenario);
      ws.on("close", (code) => {
        live.delete(ws);
        resolveClosed({ code });
      });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    connections,
    get attempts() {
      return attempts;
    },
    queue: (...more) => void scenarios.push(...more),
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of live) ws.terminate();
        for (const socket of sockets) socket.destroy();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

function runSession(ws: WsSocket, connection: ListenConnection, scenario: Extract<ListenScenario, { kind: "session" }>): void {
  const steps = [...(scenario.steps ?? [])];
  let ended = false;
  const send = (message: object) => {
    if (!ended) ws.send(JSON.stringify(message));
  };
  ws.on("message", (data, isBinary) => {
    if (ended) return;
    if (isBinary) {
      connection.audio.push(Buffer.from(data));
      connection.audioBytes += data.length;
      while (steps[0] && steps[0].afterBytes <= connection.audioBytes) send(steps.shift()!.send);
      const cut = scenario.closeAfterBytes;
      if (cut && connection.audioBytes >= cut.bytes) {
        ended = true;
        if (cut.code === 1006) ws.terminate();
        else ws.close(cut.code, cut.reason);
      }
      return;
    }
    const control = JSON.parse(data.toString("utf8")) as Record<string, unknown>;
    connection.control.push(control);
    if (control.type !== "CloseStream" || scenario.ignoreCloseStream) return;
    // Deepgram finalizes whatever audio it still holds, reports, and closes.
    for (const step of steps.splice(0)) send(step.send);
    for (const message of scenario.onCloseStream ?? []) send(message);
    send(metadata(connection.audioBytes));
    ended = true;
    ws.close(1000);
  });
}

// ---- message builders: the shapes Deepgram actually sends ----

const MODEL_INFO = { name: "general-nova-3", version: "2024-12-20.0", arch: "nova-3" };
const MODEL_UUID = "40bd3654-e622-47c4-a111-63a61b23bfe1";

/** A `Results` message for one channel; words get even timings across the segment. */
export function results(
  transcript: string,
  options: { isFinal?: boolean; speechFinal?: boolean; start?: number; duration?: number; confidence?: number; fromFinalize?: boolean } = {},
): object {
  const start = options.start ?? 0;
  const duration = options.duration ?? 1;
  const confidence = options.confidence ?? 0.98;
  const spoken = transcript.split(/\s+/).filter(Boolean);
  const step = spoken.length > 0 ? duration / spoken.length : 0;
  return {
    type: "Results",
    channel_index: [0, 1],
    duration,
    start,
    is_final: options.isFinal ?? false,
    speech_final: options.speechFinal ?? false,
    channel: {
      alternatives: [
        {
          transcript,
          confidence,
          words: spoken.map((punctuated, i) => ({
            word: punctuated.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ""),
            start: start + i * step,
            end: start + (i + 1) * step,
            confidence,
            punctuated_word: punctuated,
          })),
        },
      ],
    },
    metadata: { request_id: randomUUID(), model_info: MODEL_INFO, model_uuid: MODEL_UUID },
    from_finalize: options.fromFinalize ?? false,
  };
}

/** The `Metadata` message that ends a stream (duration from the bytes of 16-bit 16 kHz audio). */
export function metadata(audioBytes: number): object {
  return {
    type: "Metadata",
    transaction_key: "deprecated",
    request_id: randomUUID(),
    sha256: "5b0e3c3f1ad1c9e2f2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819",
    created: new Date().toISOString(),
    duration: audioBytes / 32000,
    channels: 1,
    models: [MODEL_UUID],
    model_info: { [MODEL_UUID]: MODEL_INFO },
  };
}
