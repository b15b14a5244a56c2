import { NextResponse } from "next/server";
import { chatRequestSchema, chatTurn } from "@/server/channels/chat/chat-turn";
import { AppError } from "@/server/core/errors";
import { createLogger } from "@/server/core/log";

export const dynamic = "force-dynamic";

const log = createLogger({ svc: "chat" });

/**
 * Typed chat: POST { conversationId?, message } → text/event-stream of deltas,
 * ending with a `done` event that carries the conversationId.
 */
export async function POST(request: Request) {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return NextResponse.json({ error: "body must be JSON" }, { status: 400 });
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    return NextResponse.json({ error: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") }, { status: 400 });
  }
  const events = chatTurn(parsed.data, log, request.signal)[Symbol.asyncIterator]();
  // Pull the first event before answering, so a bad conversationId is a 4xx, not a broken stream.
  let first: IteratorResult<unknown>;
  try {
    first = await events.next();
  } catch (error) {
    const appError = AppError.from(error);
    if (appError.httpStatus >= 500) log.error("chat turn failed", { error });
    return NextResponse.json({ error: appError.httpStatus >= 500 ? "internal error" : appError.message }, { status: appError.httpStatus });
  }
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (event: { type: string }) => controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
      try {
        if (!first.done) send(first.value as { type: string });
        for (let next = await events.next(); !next.done; next = await events.next()) send(next.value);
      } catch (error) {
        log.error("chat stream failed", { error });
        send({ type: "error", message: "Sorry, something went wrong. Please try again." } as { type: string });
      } finally {
        controller.close();
      }
    },
    cancel() {
      void events.return?.(undefined);
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store", "X-Accel-Buffering": "no" },
  });
}
