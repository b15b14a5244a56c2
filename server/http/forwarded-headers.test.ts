import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddressFrom, trustedProxies, type TrustedProxies } from "./client-address";
import { dropUntrustedForwarding } from "./forwarded-headers";

/**
 * The chain a request goes through: our server drops forwarding headers from
 * untrusted peers, Next.js fills X-Forwarded-For from the socket when absent
 * (base-server.ts: `??=`), the app reads the client with clientAddressFrom.
 */
function serve(proxies: TrustedProxies): Promise<Server> {
  const server = createServer((req, res) => {
    dropUntrustedForwarding(req.headers, req.socket.remoteAddress, proxies);
    req.headers["x-forwarded-for"] ??= req.socket.remoteAddress;
    req.headers["x-forwarded-proto"] ??= "http";
    const forwardedFor = req.headers["x-forwarded-for"];
    res.end(JSON.stringify({ client: clientAddressFrom(typeof forwardedFor === "string" ? forwardedFor : null, proxies), proto: req.headers["x-forwarded-proto"], host: req.headers["x-forwarded-host"] ?? null }));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function get(server: Server, localAddress: string, headers: Record<string, string>): Promise<{ client: string; proto: string; host: string | null }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, localAddress, headers }, (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve(JSON.parse(body) as { client: string; proto: string; host: string | null }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("forwarded headers", () => {
  let direct: Server;
  let behindProxy: Server;
  beforeAll(async () => {
    direct = await serve(trustedProxies([]));
    behindProxy = await serve(trustedProxies(["127.0.0.9"]));
  });
  afterAll(() => {
    direct.close();
    behindProxy.close();
  });

  it("ignores a client's own X-Forwarded-For, -Proto and -Host: the socket address is the client", async () => {
    const forged = { "x-forwarded-for": "203.0.113.66", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example", "x-real-ip": "198.51.100.1" };
    expect(await get(direct, "127.0.0.5", forged)).toEqual({ client: "127.0.0.5", proto: "http", host: null });
    expect(await get(behindProxy, "127.0.0.6", forged)).toEqual({ client: "127.0.0.6", proto: "http", host: null });
  });

  it("believes a trusted proxy, taking the hop it appended", async () => {
    const viaProxy = { "x-forwarded-for": "203.0.113.66, 198.51.100.23", "x-forwarded-proto": "https", "x-forwarded-host": "shop.example" };
    expect(await get(behindProxy, "127.0.0.9", viaProxy)).toEqual({ client: "198.51.100.23", proto: "https", host: "shop.example" });
  });
});
