import { ServerMessage, WorkerMessage } from "@livekit/protocol";
import type WebSocket from "ws";
import { WebSocketServer } from "ws";

/**
 * A stand-in for livekit-server's /agent endpoint that speaks the real wire
 * protocol (protobuf WorkerMessage / ServerMessage over a WebSocket), so the
 * client is tested against bytes, not against its own types.
 */
export class FakeDispatchServer {
  readonly received: WorkerMessage[] = [];
  readonly authorizations: string[] = [];
  private readonly server: WebSocketServer;
  private socket: WebSocket | undefined;
  private waiters: (() => void)[] = [];
  readonly listening: Promise<void>;

  constructor() {
    this.server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
    this.listening = new Promise((resolve) => this.server.on("listening", resolve));
    this.server.on("connection", (socket, request) => {
      this.socket = socket;
      this.authorizations.push(`${request.url} ${request.headers.authorization ?? ""}`);
      socket.on("message", (data: Buffer) => {
        this.received.push(WorkerMessage.fromBinary(new Uint8Array(data)));
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
  }

  get url(): string {
    const address = this.server.address();
    return `ws://127.0.0.1:${typeof address === "string" ? 0 : address.port}`;
  }

  send(message: ConstructorParameters<typeof ServerMessage>[0]): void {
    this.socket?.send(new ServerMessage(message).toBinary());
  }

  dropConnection(): void {
    this.socket?.close(1011);
  }

  /** Waits for a worker message matching `predicate` (already received or still to come). */
  async next(predicate: (m: WorkerMessage) => boolean, from = 0): Promise<WorkerMessage> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.received.slice(from).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error("expected worker message never came");
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.close();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
