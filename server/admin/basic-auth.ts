import { createHash, timingSafeEqual } from "node:crypto";

/** Parses `Authorization: Basic base64(user:pass)`; null when absent or not Basic. */
export function parseBasicAuth(header: string | null): { user: string; password: string } | null {
  if (!header) return null;
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Constant-time comparison of both parts (hashed first so lengths match). */
export function basicCredentialsMatch(
  given: { user: string; password: string },
  expected: { user: string; password: string },
): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  const userOk = timingSafeEqual(digest(given.user.toLowerCase()), digest(expected.user.toLowerCase()));
  const passwordOk = timingSafeEqual(digest(given.password), digest(expected.password));
  return userOk && passwordOk;
}
