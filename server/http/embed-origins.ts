/**
 * Which websites may embed the widget (public/embed.js → /embed in an iframe)
 * and ask /api/token for a voice room from their pages. Pure: the lists come
 * from EMBED_ALLOWED_ORIGINS and the dashboard's embed settings.
 *
 * An entry is an origin (`https://shop.example.com`, `http://127.0.0.1:8080`)
 * or a subdomain wildcard (`https://*.example.com`, which does not match
 * `https://example.com` itself). Ports and schemes must match exactly:
 * `http://localhost:8080` and `http://127.0.0.1:8080` are different origins.
 */

/** The canonical form of an allow-list entry, or null when it is not one. */
export function normaliseOriginPattern(entry: string): string | null {
  const trimmed = entry.trim().replace(/\/+$/, "");
  const wildcard = /^(https?):\/\/\*\.([^/]+)$/i.exec(trimmed);
  if (wildcard) {
    const rest = normaliseOrigin(`${wildcard[1]}://${wildcard[2]}`);
    return rest ? rest.replace("://", "://*.") : null;
  }
  return normaliseOrigin(trimmed);
}

/** `scheme://host[:port]` in lower case without a default port, or null (paths, `null`, other schemes). */
export function normaliseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // An origin has nothing after the host: a pasted page URL is a mistake worth refusing, not guessing.
  if (url.pathname !== "/" || url.search || url.hash || url.username || url.password) return null;
  if (/[*]/.test(url.host)) return null;
  return url.origin.toLowerCase();
}

/** Entries that are not origins, for a form or a boot error to name. */
export function invalidOriginPatterns(entries: readonly string[]): string[] {
  return entries.filter((entry) => normaliseOriginPattern(entry) === null);
}

export function isOriginAllowed(origin: string, patterns: readonly string[]): boolean {
  const candidate = normaliseOrigin(origin);
  if (!candidate) return false;
  const { protocol, host } = new URL(candidate);
  return patterns.some((entry) => {
    const pattern = normaliseOriginPattern(entry);
    if (!pattern) return false;
    if (!pattern.includes("://*.")) return pattern === candidate;
    const [scheme, suffix] = pattern.split("://*.") as [string, string];
    return `${scheme}:` === protocol && host.endsWith(`.${suffix}`);
  });
}

/**
 * The page a request comes from, as far as the web app can tell: a browser's
 * `Origin` when it is another site (a cross-origin call), else the origin the
 * widget says embeds it (the iframe on our own origin forwards its parent's).
 * `own` is this site's origins (PUBLIC_URL and the Host the request reached).
 */
export type EmbedVerdict =
  | { kind: "own-site" }
  | { kind: "allowed"; origin: string; crossOrigin: boolean }
  | { kind: "refused"; origin: string; reason: string };

export function embedVerdict(input: {
  origin: string | null;
  embedOrigin?: string;
  own: readonly string[];
  allowed: readonly string[];
}): EmbedVerdict {
  const own = new Set(input.own.map((o) => normaliseOrigin(o)).filter((o): o is string => o !== null));
  // A sandboxed frame or a privacy redirect sends `Origin: null`: nobody can be allowed as that.
  if (input.origin === "null") return { kind: "refused", origin: "null", reason: "an opaque origin (a sandboxed frame) cannot embed this agent" };
  const requestOrigin = input.origin || null;
  const crossOrigin = requestOrigin !== null && !own.has(normaliseOrigin(requestOrigin) ?? requestOrigin);
  const claimed = crossOrigin ? requestOrigin : input.embedOrigin;
  // No Origin (a server-side client) or our own pages without an embedding site: the product's own site.
  if (!claimed) return { kind: "own-site" };
  if (!crossOrigin && own.has(normaliseOrigin(claimed) ?? "")) return { kind: "own-site" };
  if (isOriginAllowed(claimed, input.allowed)) return { kind: "allowed", origin: normaliseOrigin(claimed)!, crossOrigin };
  return {
    kind: "refused",
    origin: claimed,
    reason: `${claimed} is not allowed to embed this agent; add it to EMBED_ALLOWED_ORIGINS or to the allowed websites in the dashboard's settings`,
  };
}

/** CORS for an allowed cross-origin caller: that origin only, never `*`, no credentials (the token API uses none). */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}
