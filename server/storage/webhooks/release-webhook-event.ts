import { db } from "../db";

/** Gives a claimed event id back when handling it failed, so LiveKit's retry is handled. */
export async function releaseWebhookEvent(options: { id: string }): Promise<void> {
  await db().webhookEvent.deleteMany({ where: { id: options.id } });
}
