import { createHmac, timingSafeEqual } from "node:crypto";
import { KNOWN_CLIENT_MS } from "./rate-limit";

/**
 * The login form's "this browser logged in before" cookie (OWASP's device
 * cookie): it exempts the browser from the account's overall failure cap, so
 * strangers guessing the password from many addresses cannot lock out the
 * administrator. Signed with a key derived from the account's password hash:
 * a password change voids every device token.
 */
export const DEVICE_COOKIE = "admin_device";
export const DEVICE_TTL_MS = KNOWN_CLIENT_MS;

function signature(user: { id: string; passwordHash: string }, payload: string): string {
  const key = createHmac("sha256", "admin-device-token").update(user.passwordHash).digest();
  return createHmac("sha256", key).update(payload).digest("base64url");
}

export function deviceToken(user: { id: string; passwordHash: string }, now = Date.now()): string {
  const payload = `${user.id}.${now + DEVICE_TTL_MS}`;
  return `${payload}.${signature(user, payload)}`;
}

export function deviceTokenValid(token: string | undefined, user: { id: string; passwordHash: string }, now = Date.now()): boolean {
  if (!token || token.length > 200) return false;
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [id, expires, mac] = parts as [string, string, string];
  if (id !== user.id || !/^\d{1,15}$/.test(expires) || Number(expires) <= now) return false;
  const expected = Buffer.from(signature(user, `${id}.${expires}`));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
