import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";

/**
 * True when a SIP OPTIONS sent over UDP to host:port gets any SIP response
 * within the timeout: the bridge's signalling is up (not just its process).
 */
export function sipAnswersOptions(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on("message", (msg) => finish(msg.toString("utf8", 0, 7) === "SIP/2.0"));
    socket.on("error", () => finish(false));
    socket.bind(0, "127.0.0.1", () => {
      const localPort = socket.address().port;
      const tag = randomBytes(6).toString("hex");
      const request = [
        `OPTIONS sip:probe@${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${localPort};branch=z9hG4bK${tag}`,
        "Max-Forwards: 70",
        `From: <sip:probe@127.0.0.1>;tag=${tag}`,
        `To: <sip:probe@${host}>`,
        `Call-ID: ${tag}@127.0.0.1`,
        "CSeq: 1 OPTIONS",
        `Contact: <sip:probe@127.0.0.1:${localPort}>`,
        "Content-Length: 0",
        "",
        "",
      ].join("\r\n");
      socket.send(request, port, host);
    });
  });
}
