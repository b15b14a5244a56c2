import { hashToken } from "../../admin/session-token";
import { db } from "../db";

export interface AdminSessionInfo {
  userId: string;
  email: string;
  csrfToken: string;
  expiresAt: Date;
}

/** The live session for a cookie token, or null (unknown or expired). */
export async function findAdminSession(options: { token: string }): Promise<AdminSessionInfo | null> {
  const row = await db().adminSession.findUnique({
    where: { id: hashToken(options.token) },
    select: { userId: true, csrfToken: true, expiresAt: true, user: { select: { email: true } } },
  });
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  return { userId: row.userId, email: row.user.email, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}
