import { createHash, randomBytes } from "node:crypto";

/** The admin session cookie. Its value is a random token; the database keeps only its hash. */
export const SESSION_COOKIE = "admin_session";
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** 32 random bytes, base64url: the cookie value (or a CSRF token). */
export function generateToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What the database stores for a session token, so a leaked table cannot be replayed as cookies. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/**
 * The cookie is `Secure` everywhere except plain-HTTP local development, where
 * a Secure cookie would never be sent back. `host` is the Host header (with or
 * without a port).
 */
export function cookieIsSecure(host: string | null | undefined): boolean {
  if (!host) return true;
  const hostname = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0] ?? host;
  return !LOCAL_HOSTS.has(hostname.toLowerCase());
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  maxAge: number;
}

export function sessionCookieOptions(host: string | null | undefined, maxAgeMs = SESSION_TTL_MS): SessionCookieOptions {
  return {
    httpOnly: true,
    sameSite: "lax",
    secure: cookieIsSecure(host),
    path: "/",
    maxAge: Math.floor(maxAgeMs / 1000),
  };
}
