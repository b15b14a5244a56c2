import { createServer } from "node:http";
import next from "next";
import { EnvError, env } from "../env";
import { dropUntrustedForwarding } from "../http/forwarded-headers";
import { configuredProxies } from "../http/request-client";

/**
 * The web app's HTTP server: `next start` plus one thing it cannot do — decide
 * whose X-Forwarded-* headers to believe (only TRUSTED_PROXY's; see
 * server/http/forwarded-headers.ts). Also checks the env before listening, so
 * a production deployment with default secrets never serves a request.
 * Run as `node --import tsx server/web/server.ts` (scripts/lib/stack.mjs).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = env();
  } catch (error) {
    process.stderr.write(`${error instanceof EnvError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const proxies = configuredProxies();
  const app = next({ dev: false, dir: process.cwd(), port: config.WEB_PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer((request, response) => {
    dropUntrustedForwarding(request.headers, request.socket.remoteAddress, proxies);
    void handle(request, response);
  });
  server.listen(config.WEB_PORT, () => {
    process.stdout.write(`web app listening on port ${config.WEB_PORT} (${config.DEPLOYMENT} deployment${proxies.empty ? "" : `, trusting X-Forwarded-* from ${config.TRUSTED_PROXY.join(", ")}`})\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`web server failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
