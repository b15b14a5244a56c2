import { hashToken } from "../../admin/session-token";
import { db } from "../db";

/** Ends a session (logout), and sweeps expired ones while at it. */
export async function deleteAdminSession(options: { token: string }): Promise<void> {
  await db().adminSession.deleteMany({
    where: { OR: [{ id: hashToken(options.token) }, { expiresAt: { lt: new Date() } }] },
  });
}
