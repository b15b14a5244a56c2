/**
 * Security headers for every page and API response (set in proxy.ts at
 * request time, so the LiveKit URL comes from the running env, not the build).
 *
 * The CSP allows scripts by per-request nonce ('strict-dynamic' lets Next.js's
 * own chunks load the rest), so an injected inline script or a script from
 * elsewhere does not run; Next.js puts the nonce on its inline scripts itself
 * when it finds it in the request's CSP header. connect-src names the LiveKit
 * server browsers use (WebSocket signalling, plus its HTTP validate endpoint);
 * WebRTC media is not governed by CSP. The admin UI can never be framed; the
 * rest only by this origin, except the embeddable widget's own page (/embed,
 * the iframe public/embed.js opens), which the embed allow-list's websites may
 * frame too. HSTS only when the request came over TLS.
 */
export interface SecurityHeaderOptions {
  /** Per-request nonce for scripts (base64). */
  nonce: string;
  /** The LiveKit URL handed to browsers (ws:// or wss://). */
  livekitUrl: string;
  /** The request reached us over TLS (directly, or via a trusted proxy's X-Forwarded-Proto). */
  secure: boolean;
  /** Admin pages and APIs: never framed, never cached by intermediaries. */
  admin: boolean;
  /** `next dev` needs eval for its refresh runtime. */
  development: boolean;
  /** The embeddable widget's page: these origins (the embed allow-list) may frame it as well as this one. */
  embedAncestors?: readonly string[];
}

export function livekitOrigins(livekitUrl: string): string[] {
  try {
    const url = new URL(livekitUrl);
    const http = url.protocol === "wss:" ? "https:" : "http:";
    return [`${url.protocol}//${url.host}`, `${http}//${url.host}`];
  } catch {
    return [];
  }
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${options.nonce}'`, "'strict-dynamic'", ...(options.development ? ["'unsafe-eval'"] : [])],
    // React style attributes (charts) and Next's style tags.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["font-src", "'self'", "data:"],
    ["media-src", "'self'", "blob:"],
    ["connect-src", "'self'", ...livekitOrigins(options.livekitUrl)],
    ["worker-src", "'self'", "blob:"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", ...frameAncestors(options)],
  ];
  if (options.secure) directives.push(["upgrade-insecure-requests"]);
  return directives.map((d) => d.join(" ")).join("; ");
}

function frameAncestors(options: SecurityHeaderOptions): string[] {
  if (options.admin) return ["'none'"];
  // Allow-list entries are validated origins (server/http/embed-origins.ts); CSP takes `https://*.example.com` as is.
  return ["'self'", ...(options.embedAncestors ?? [])];
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(options),
    // X-Frame-Options cannot name other sites; for the embed page CSP frame-ancestors alone decides.
    ...(options.embedAncestors ? {} : { "X-Frame-Options": options.admin ? "DENY" : "SAMEORIGIN" }),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(options.secure ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
