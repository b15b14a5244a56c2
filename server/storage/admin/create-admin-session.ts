import { generateToken, hashToken, SESSION_TTL_MS } from "../../admin/session-token";
import { db } from "../db";

/** Opens a session; returns the raw cookie token (stored only as its hash) and the CSRF token. */
export async function createAdminSession(options: {
  userId: string;
  ttlMs?: number;
}): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = generateToken();
  const csrfToken = generateToken();
  const expiresAt = new Date(Date.now() + (options.ttlMs ?? SESSION_TTL_MS));
  await db().adminSession.create({
    data: { id: hashToken(token), userId: options.userId, csrfToken, expiresAt },
  });
  return { token, csrfToken, expiresAt };
}
