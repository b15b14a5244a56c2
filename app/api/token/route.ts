import { z } from "zod";
import { resumeVisit } from "@/server/channels/resume-visit";
import { mintVisitorToken } from "@/server/channels/web-token";
import { createLogger } from "@/server/core/log";
import { env } from "@/server/env";
import { abuseLimits } from "@/server/http/abuse-limits";
import { readBodyText } from "@/server/http/read-body";
import { requestClient } from "@/server/http/request-client";
import { errorResponse, jsonOk, rateLimited } from "@/server/http/responses";

export const dynamic = "force-dynamic";

const log = createLogger({ component: "token" });
/** An optional body: the resume ticket of the room the page had before a reload. */
const bodySchema = z.object({ resume: z.string().max(200).optional() }).catch({});

/**
 * POST /api/token → `{ url, token, roomName }` for a new voice room. Each room
 * gets an agent, so a client address may open only a few at once
 * (MAX_ROOMS_PER_CLIENT) and ask only so often (TOKEN_RATE_LIMIT_PER_MINUTE).
 * With `{ resume }` (a page reloaded within RECONNECT_GRACE_MS) the new room
 * continues the old room's conversation → `{ ..., resumed: true }`.
 */
export async function POST(request: Request) {
  try {
    const raw = await readBodyText(request, 1024);
    const { resume } = bodySchema.parse(raw.trim() ? safeJson(raw) : {});
    const client = requestClient(request.headers);
    const limits = abuseLimits();
    if (!limits.rooms.canOpen(client)) {
      return rateLimited("too many voice rooms open from your address; end a call before starting another", 60_000);
    }
    const allowed = limits.tokens.take(client);
    if (!allowed.ok) return rateLimited("too many voice rooms requested; try again in a minute", allowed.retryAfterMs);
    const minted = await mintVisitorToken();
    limits.rooms.opened(minted.roomName, client);
    const resumed = resume ? await resumeVisit({ ticket: resume, roomName: minted.roomName, config: env(), log }) : undefined;
    return jsonOk({ url: minted.url, token: minted.token, roomName: minted.roomName, resume: minted.resume, resumed: Boolean(resumed) });
  } catch (error) {
    return errorResponse(error);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return {};
  }
}
