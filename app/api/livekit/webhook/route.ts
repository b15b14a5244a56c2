import { WebhookReceiver } from "livekit-server-sdk";
import { env } from "@/server/env";
import { abuseLimits } from "@/server/http/abuse-limits";
import { readBodyText } from "@/server/http/read-body";
import { errorResponse, jsonError, jsonOk } from "@/server/http/responses";
import { endConversationByRoom } from "@/server/storage/conversations/end-conversation-by-room";
import { claimWebhookEvent } from "@/server/storage/webhooks/claim-webhook-event";
import { releaseWebhookEvent } from "@/server/storage/webhooks/release-webhook-event";

export const dynamic = "force-dynamic";

/** LiveKit's events are a few kilobytes; the cap is checked before the signature, while reading. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * LiveKit webhooks, signature-checked (a JWT signed with our API secret,
 * carrying the body's sha256, valid for minutes). Each event id is handled
 * once: a replay within the token's validity, or a redelivery, is acknowledged
 * and skipped. A finished room closes its conversation even if the worker died
 * before it could, and frees the visitor's room slot (server/channels/room-ledger.ts).
 */
export async function POST(request: Request) {
  try {
    const config = env();
    const body = await readBodyText(request, MAX_WEBHOOK_BYTES);
    const receiver = new WebhookReceiver(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
    let event;
    try {
      event = await receiver.receive(body, request.headers.get("authorization") ?? undefined);
    } catch (error) {
      // The signature is checked before the body is parsed: a parse error means it was signed.
      const signedButUnreadable = error instanceof SyntaxError || (error instanceof Error && /cannot decode|json/i.test(error.message));
      return signedButUnreadable
        ? jsonError(400, "BAD_REQUEST", "webhook body is not a LiveKit event")
        : jsonError(401, "UNAUTHORIZED", "invalid webhook signature");
    }
    if (!event.id) return jsonError(400, "BAD_REQUEST", "webhook event has no id");
    if (!(await claimWebhookEvent({ id: event.id }))) return jsonOk({ ok: true, duplicate: true });
    try {
      const roomName = event.room?.name;
      if (event.event === "participant_joined" && roomName) abuseLimits().rooms.joined(roomName);
      if (event.event === "room_finished" && roomName) {
        abuseLimits().rooms.finished(roomName);
        // The worker ends every conversation it serves; one still open when the room is gone was cut short.
        await endConversationByRoom({ roomName, outcome: "failed", endReason: "the room closed before the agent ended the conversation" });
      }
    } catch (error) {
      await releaseWebhookEvent({ id: event.id }).catch(() => undefined);
      throw error;
    }
    return jsonOk({ ok: true });
  } catch (error) {
    return errorResponse(error);
  }
}
