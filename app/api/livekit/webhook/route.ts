import { NextResponse } from "next/server";
import { WebhookReceiver } from "livekit-server-sdk";
import { env } from "@/server/env";
import { endConversationByRoom } from "@/server/storage/conversations/end-conversation-by-room";

export const dynamic = "force-dynamic";

/**
 * LiveKit webhooks, signature-checked (a JWT signed with our API secret,
 * carrying the body's sha256). A finished room closes its conversation even if
 * the worker died before it could.
 */
export async function POST(request: Request) {
  const config = env();
  const receiver = new WebhookReceiver(config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  const body = await request.text();
  let event;
  try {
    event = await receiver.receive(body, request.headers.get("authorization") ?? undefined);
  } catch {
    return NextResponse.json({ error: "invalid webhook signature" }, { status: 401 });
  }
  if (event.event === "room_finished" && event.room?.name) {
    await endConversationByRoom({ roomName: event.room.name, outcome: "completed" });
  }
  return NextResponse.json({ ok: true });
}
