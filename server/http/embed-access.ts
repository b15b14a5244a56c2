import { createLogger } from "../core/log";
import { loadEmbedSettings } from "../embed-settings";
import { env } from "../env";
import { embedVerdict, type EmbedVerdict } from "./embed-origins";

const log = createLogger({ component: "embed" });

/** EMBED_ALLOWED_ORIGINS plus the dashboard's list; a settings file broken by hand leaves the env list in force. */
export function embedAllowList(): string[] {
  const fromEnv = env().EMBED_ALLOWED_ORIGINS;
  try {
    return [...fromEnv, ...loadEmbedSettings().allowedOrigins];
  } catch (error) {
    log.warn("embed settings unreadable; using EMBED_ALLOWED_ORIGINS only", { error: error instanceof Error ? error.message : String(error) });
    return [...fromEnv];
  }
}

/**
 * This site's own origins: PUBLIC_URL, and the scheme + Host the request
 * reached (X-Forwarded-* only from our own proxies: server/web/server.ts drops
 * a client's), so a page served at 127.0.0.1 and one at localhost are both ours.
 */
export function ownOrigins(headers: Headers): string[] {
  const origins = [new URL(env().PUBLIC_URL).origin];
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const proto = headers.get("x-forwarded-proto") ?? "http";
  if (host) origins.push(`${proto.split(",")[0]!.trim()}://${host.split(",")[0]!.trim()}`);
  return origins;
}

/** Who is asking, and may they: see embedVerdict (server/http/embed-origins.ts). */
export function requestEmbedVerdict(headers: Headers, embedOrigin?: string): EmbedVerdict {
  return embedVerdict({ origin: headers.get("origin"), embedOrigin, own: ownOrigins(headers), allowed: embedAllowList() });
}
