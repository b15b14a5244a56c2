import { db } from "../db";

/** How long a handled event id is remembered; LiveKit's webhook tokens are valid for minutes. */
const REMEMBER_MS = 24 * 60 * 60 * 1000;

/**
 * Claims a webhook event id for handling: true the first time, false for a
 * replay or a redelivery of an event already handled. Forgets ids older than a
 * day while at it.
 */
export async function claimWebhookEvent(options: { id: string }): Promise<boolean> {
  const inserted = await db().$executeRaw`INSERT INTO webhook_events (id) VALUES (${options.id}) ON CONFLICT (id) DO NOTHING`;
  await db().webhookEvent.deleteMany({ where: { receivedAt: { lt: new Date(Date.now() - REMEMBER_MS) } } });
  return inserted === 1;
}
