import { chatRequestSchema, chatTurn } from "@/server/channels/chat/chat-turn";
import { AppError } from "@/server/core/errors";
import { createLogger } from "@/server/core/log";
import { abuseLimits } from "@/server/http/abuse-limits";
import { readJsonBody } from "@/server/http/read-body";
import { requestClient } from "@/server/http/request-client";
import { errorResponse, jsonError, rateLimited } from "@/server/http/responses";

export const dynamic = "force-dynamic";

const log = createLogger({ svc: "chat" });

/** A 2000-character message, even with every character JSON-escaped, fits. */
const MAX_CHAT_BODY_BYTES = 16 * 1024;

/**
 * Typed chat: POST { conversationId?, message } → text/event-stream of deltas,
 * ending with a `done` event that carries the conversationId.
 */
export async function POST(request: Request) {
  // Each message is a dialogue turn (and maybe an LLM call): limited per client address.
  const allowed = abuseLimits().chat.take(requestClient(request.headers));
  if (!allowed.ok) {
    return rateLimited("too many messages; wait a moment and try again", allowed.retryAfterMs);
  }
  let body: unknown;
  try {
    body = await readJsonBody(request, MAX_CHAT_BODY_BYTES);
  } catch (error) {
    const appError = AppError.from(error);
    return appError.code === "PAYLOAD_TOO_LARGE" ? errorResponse(appError) : jsonError(400, "BAD_REQUEST", "body must be JSON");
  }
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    return jsonError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  }
  const events = chatTurn(parsed.data, log, request.signal)[Symbol.asyncIterator]();
  // Pull the first event before answering, so a bad conversationId is a 4xx, not a broken stream.
  let first: IteratorResult<unknown>;
  try {
    first = await events.next();
  } catch (error) {
    const appError = AppError.from(error);
    if (appError.httpStatus >= 500) {
      log.error("chat turn failed", { error });
      return jsonError(appError.httpStatus, appError.code, "internal error");
    }
    return errorResponse(appError);
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
