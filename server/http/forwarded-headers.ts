import type { IncomingHttpHeaders } from "node:http";
import { normaliseAddress, type TrustedProxies } from "./client-address";

/** Headers only a reverse proxy may set: who the client is, and how and where it connected. */
export const FORWARDING_HEADERS = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"] as const;

/**
 * Drops the forwarding headers of a request that did not come from one of our
 * proxies, before Next.js sees it. Next then fills X-Forwarded-For with the
 * socket address and X-Forwarded-Proto from the socket (it only fills them
 * when absent), so a client can no longer pick its own address (rate limits)
 * or claim TLS (HSTS, Secure cookies) or another host (CSRF's Origin check).
 */
export function dropUntrustedForwarding(headers: IncomingHttpHeaders, peer: string | undefined, proxies: TrustedProxies): void {
  if (peer !== undefined && proxies.has(normaliseAddress(peer))) return;
  for (const name of FORWARDING_HEADERS) delete headers[name];
}
