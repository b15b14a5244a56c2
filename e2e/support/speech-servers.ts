import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo, Socket } from "node:net";
import { resolve } from "node:path";
import type { PcmFrame } from "../../server/core/ports";
import { metadata, results } from "../../server/providers/stt/testing/mock-deepgram-listen";
import { createVoskStt } from "../../server/providers/stt/vosk";
import { createFliteTts } from "../../server/providers/tts/local";

/**
 * Stand-ins for the cloud speech engines that a live call can use and a fault
 * run can break: they speak the real wire protocols (Deepgram's `/v1/listen`
 * WebSocket, OpenAI's `POST /v1/audio/speech` with `response_format: "pcm"`),
 * so the worker's own cloud adapters and their failover are what is tested,
 * but the words are real: the listen server transcribes with our local Vosk
 * recogniser, the speech server speaks with flite. The contract-test mocks
 * (`server/providers/{stt,tts}/testing/`) replay scripts instead; this reuses
 * their message builders.
 *
 * Each server is in one of three states, switched mid-call:
 * - `up`: serves;
 * - `dead`: as when the process dies: open connections are cut and new ones reset;
 * - `hang`: as when it stops answering: open streams go silent, new requests are accepted and never answered.
 */
export type ServerState = "up" | "dead" | "hang";

/** One request (an utterance on the listen server, a sentence on the speech server). */
export interface ServedRequest {
  readonly atMs: number;
  /** When the whole answer had been sent: set only for requests served in full. */
  completedAtMs?: number;
  text?: string;
}

export interface FaultableServer {
  readonly state: ServerState;
  readonly requests: ServedRequest[];
  set(state: ServerState): void;
  close(): Promise<void>;
}

/** The subset of `ws` used here (the package ships no types and @types/ws is not installed). */
interface WsSocket {
  on(event: "message", listener: (data: Buffer, isBinary: boolean) => void): void;
  on(event: "close", listener: () => void): void;
  send(data: string): void;
  close(code?: number): void;
  terminate(): void;
}
const { WebSocketServer } = createRequire(import.meta.url)("ws") as {
  WebSocketServer: new (options: { noServer: true }) => {
    handleUpgrade(req: IncomingMessage, socket: Socket, head: Buffer, done: (ws: WsSocket) => void): void;
    close(): void;
  };
};

/** Tracks raw sockets so `dead` can cut them, and resets new ones while dead. */
class Faults {
  state: ServerState = "up";
  readonly sockets = new Set<Socket>();

  constructor(private readonly server: Server) {
    server.on("connection", (socket: Socket) => {
      if (this.state === "dead") {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => undefined);
    });
  }

  set(state: ServerState): void {
    this.state = state;
    if (state === "dead") for (const socket of this.sockets) socket.destroy();
  }

  async listen(): Promise<number> {
    await new Promise<void>((done) => this.server.listen(0, "127.0.0.1", done));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((done) => this.server.close(() => done()));
  }
}

/**
 * Deepgram live transcription backed by Vosk: one connection is one utterance
 * (as the adapter uses it); interims go out as `Results` while audio arrives
 * (as Deepgram does, also at least once per second of audio when nothing
 * changed, in silence too), and after `CloseStream` the final `Results` and
 * `Metadata`, then a normal close.
 * Expects the adapter's default `encoding=linear16&sample_rate=16000`.
 */
export async function startListenServer(options: { modelDir?: string; library?: string } = {}): Promise<FaultableServer & { readonly baseUrl: string }> {
  const stt = createVoskStt({
    modelDir: resolve(options.modelDir ?? ".cache/vosk/model-en-us"),
    library: resolve(options.library ?? ".cache/vosk/libvosk.so"),
    // Fewer partial tracebacks: this stand-in shares a busy machine with the worker it serves.
    partialEveryMs: 300,
  });
  const requests: ServedRequest[] = [];
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer((_req, res) => res.writeHead(404).end());
  const faults = new Faults(server);
  server.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Hanging: the handshake is never answered (the adapter's connect timeout decides).
    if (faults.state !== "up") return;
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== "/v1/listen" || url.searchParams.get("encoding") !== "linear16") {
      socket.end("HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
      return;
    }
    const sampleRate = Number(url.searchParams.get("sample_rate") ?? 16000);
    wss.handleUpgrade(req, socket, head, (ws) => {
      const served: ServedRequest = { atMs: Date.now() };
      requests.push(served);
      const frames = new FrameQueue();
      let audioBytes = 0;
      let answeredBytes = 0;
      let interim = "";
      // Once hanging, an open stream says nothing more (the socket stays open).
      const send = (message: object) => {
        if (faults.state !== "up") return;
        answeredBytes = audioBytes;
        ws.send(JSON.stringify(message));
      };
      ws.on("message", (data, isBinary) => {
        if (faults.state !== "up") return;
        if (isBinary) {
          audioBytes += data.length;
          const samples = new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length - (data.length % 2)));
          frames.push({ samples, sampleRate });
          if (audioBytes - answeredBytes >= 2 * sampleRate) send(results(interim, { duration: audioBytes / (2 * sampleRate) }));
          return;
        }
        const control = JSON.parse(data.toString("utf8")) as { type?: string };
        if (control.type === "CloseStream") frames.end(true);
      });
      ws.on("close", () => frames.end(false));
      void (async () => {
        let final = "";
        for await (const event of stt.transcribe(frames)) {
          if (event.type === "interim") send(results((interim = event.text), { duration: audioBytes / (2 * sampleRate) }));
          else final = event.text;
        }
        if (faults.state !== "up" || !frames.closedByClient) return;
        send(results(final, { isFinal: true, speechFinal: true, duration: audioBytes / (2 * sampleRate), fromFinalize: true }));
        send(metadata(audioBytes));
        served.completedAtMs = Date.now();
        served.text = final;
        ws.close(1000);
      })().catch(() => ws.terminate());
    });
  });
  const port = await faults.listen();
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get state() {
      return faults.state;
    },
    set: (state) => faults.set(state),
    close: () => {
      wss.close();
      return faults.close();
    },
  };
}

/**
 * OpenAI's streaming speech endpoint backed by flite (`kal16`, resampled to the
 * 24 kHz of `response_format: "pcm"`). Any other path is forwarded to
 * `upstream` (the OpenAI-compatible LLM stand-in), because one OPENAI_BASE_URL
 * serves the worker's LLM and TTS alike; the two routes fail apart: `set`
 * breaks speech, `setUpstream` the LLM. Connections are shared (keep-alive),
 * so here "dead" cuts the requests of its route and resets new ones.
 */
export async function startSpeechServer(options: { upstream?: string } = {}): Promise<FaultableServer & { readonly baseURL: string; setUpstream(state: ServerState): void }> {
  const tts = createFliteTts({ voice: "kal16" });
  const requests: ServedRequest[] = [];
  const speechRoute = new RouteFaults();
  const llmRoute = new RouteFaults();
  const server = createServer((req, res) => {
    const isSpeech = req.method === "POST" && req.url === "/v1/audio/speech";
    if (!(isSpeech ? speechRoute : llmRoute).admit(req, res)) return;
    if (isSpeech) {
      void speak(req, res).catch(() => res.destroy());
      return;
    }
    if (!options.upstream) return void res.writeHead(404).end();
    forward(req, res, new URL(options.upstream));
  });
  server.on("connection", (socket: Socket) => socket.on("error", () => undefined));

  async function speak(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse(await readBody(req)) as { input?: string; response_format?: string };
    if (typeof body.input !== "string" || body.response_format !== "pcm") {
      res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "input and response_format pcm expected", type: "invalid_request_error" } }));
      return;
    }
    const served: ServedRequest = { atMs: Date.now(), text: body.input };
    requests.push(served);
    res.writeHead(200, { "content-type": "application/octet-stream" });
    res.flushHeaders();
    for await (const frame of tts.synthesize(body.input)) {
      // Once hanging, a stream in progress stops mid-sentence with its socket open.
      if (speechRoute.state !== "up" || res.destroyed) return;
      res.write(to24kPcm(frame));
    }
    res.end();
    served.completedAtMs = Date.now();
  }

  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get state() {
      return speechRoute.state;
    },
    set: (state) => speechRoute.set(state),
    setUpstream: (state) => llmRoute.set(state),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** One HTTP route's state: requests in flight are tracked so "dead" can cut them. */
class RouteFaults {
  state: ServerState = "up";
  private readonly inFlight = new Set<ServerResponse>();

  /** False when the request is not to be served: reset (dead) or left unanswered (hang). */
  admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (this.state === "dead") req.socket.destroy();
    if (this.state !== "up") return false;
    this.inFlight.add(res);
    res.on("close", () => this.inFlight.delete(res));
    return true;
  }

  set(state: ServerState): void {
    this.state = state;
    if (state === "dead") for (const res of this.inFlight) res.socket?.destroy();
  }
}

/** A request passed through to another local server, streaming both ways. */
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
  const path = upstream.pathname.replace(/\/v1\/?$/, "") + (req.url ?? "/");
  const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on("error", () => res.destroy());
  res.on("close", () => out.destroy());
  req.pipe(out);
}

/** 16 kHz → 24 kHz by linear interpolation, little-endian bytes (a stand-in voice needs no better). */
function to24kPcm(frame: PcmFrame): Buffer {
  const { samples } = frame;
  const count = Math.floor((samples.length * 24000) / frame.sampleRate);
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) {
    const at = (i * frame.sampleRate) / 24000;
    const left = Math.floor(at);
    const right = Math.min(left + 1, samples.length - 1);
    const value = samples[left]! + (samples[right]! - samples[left]!) * (at - left);
    out.writeInt16LE(Math.round(value), i * 2);
  }
  return out;
}

/** Frames pushed by socket events, read as an async iterable by the recogniser. */
class FrameQueue implements AsyncIterable<PcmFrame> {
  private readonly frames: PcmFrame[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  closedByClient = false;

  push(frame: PcmFrame): void {
    this.frames.push(frame);
    this.wake?.();
  }

  /** `byClient`: CloseStream asked for the final; otherwise the socket went away. */
  end(byClient: boolean): void {
    if (!this.ended) this.closedByClient = byClient;
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<PcmFrame> {
    for (;;) {
      const frame = this.frames.shift();
      if (frame) {
        yield frame;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((done) => (this.wake = done));
      this.wake = undefined;
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => done(Buffer.concat(parts).toString("utf8")));
    req.on("error", fail);
  });
}
