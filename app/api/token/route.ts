import { mintVisitorToken } from "@/server/channels/web-token";
import { abuseLimits } from "@/server/http/abuse-limits";
import { readBodyBytes } from "@/server/http/read-body";
import { requestClient } from "@/server/http/request-client";
import { errorResponse, jsonOk, rateLimited } from "@/server/http/responses";

export const dynamic = "force-dynamic";

/**
 * POST /api/token → `{ url, token, roomName }` for a new voice room. Each room
 * gets an agent, so a client address may open only a few at once
 * (MAX_ROOMS_PER_CLIENT) and ask only so often (TOKEN_RATE_LIMIT_PER_MINUTE).
 */
export async function POST(request: Request) {
  try {
    // No body is needed; one is read only to refuse a large one.
    await readBodyBytes(request, 1024);
    const client = requestClient(request.headers);
    const limits = abuseLimits();
    if (!limits.rooms.canOpen(client)) {
      return rateLimited("too many voice rooms open from your address; end a call before starting another", 60_000);
    }
    const allowed = limits.tokens.take(client);
    if (!allowed.ok) return rateLimited("too many voice rooms requested; try again in a minute", allowed.retryAfterMs);
    const { url, token, roomName } = await mintVisitorToken();
    limits.rooms.opened(roomName, client);
    return jsonOk({ url, token, roomName });
  } catch (error) {
    return errorResponse(error);
  }
}
