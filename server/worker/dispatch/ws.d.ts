// ws ships no types and @types/ws is not a dependency: the subset the dispatch client uses.
declare module "ws" {
  import type { EventEmitter } from "node:events";
  import type { IncomingMessage } from "node:http";
  class WebSocket extends EventEmitter {
    static readonly OPEN: 1;
    constructor(address: string | URL, options?: { headers?: Record<string, string> });
    readonly readyState: 0 | 1 | 2 | 3;
    binaryType: "nodebuffer" | "arraybuffer" | "fragments";
    send(data: Uint8Array): void;
    close(code?: number): void;
    on(event: "open", listener: () => void): this;
    on(event: "message", listener: (data: Buffer) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: "close", listener: (code: number) => void): this;
  }
  class WebSocketServer extends EventEmitter {
    constructor(options: { port: number; host?: string });
    address(): { port: number } | string;
    readonly clients: Set<WebSocket>;
    close(callback?: () => void): void;
    on(event: "connection", listener: (socket: WebSocket, request: IncomingMessage) => void): this;
    on(event: "listening", listener: () => void): this;
  }
  export { WebSocketServer };
  export default WebSocket;
}
