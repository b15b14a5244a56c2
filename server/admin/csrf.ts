import { timingSafeEqual } from "node:crypto";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isMutation(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export interface MutationCheck {
  method: string;
  /** The Origin header (browsers send it on every cross-origin and same-origin POST). */
  origin: string | null;
  /** The Host header the request reached. */
  host: string | null;
  /** X-Forwarded-Host, when a reverse proxy rewrote Host. */
  forwardedHost?: string | null;
  /** The `x-csrf-token` header. */
  csrfHeader: string | null;
  /** The session's token; undefined when the request is not cookie-authenticated (HTTP Basic, login). */
  sessionCsrfToken?: string;
}

/**
 * CSRF defence for state-changing requests: the Origin must be this site (when
 * a browser sent one), and a cookie-authenticated request must echo the
 * session's CSRF token in a header, which a cross-site form cannot set.
 * Returns null when allowed, else the reason.
 */
export function checkMutation(check: MutationCheck): string | null {
  if (!isMutation(check.method)) return null;
  if (check.origin !== null && !originMatchesHost(check.origin, check.forwardedHost ?? check.host)) {
    return "cross-origin request refused";
  }
  if (check.sessionCsrfToken !== undefined) {
    if (check.origin === null) return "missing Origin header";
    if (!check.csrfHeader || !safeEqual(check.csrfHeader, check.sessionCsrfToken)) return "missing or wrong CSRF token";
  }
  return null;
}

export function originMatchesHost(origin: string, host: string | null): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
