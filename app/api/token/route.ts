import { NextResponse } from "next/server";
import { z } from "zod";
import { resumeVisit } from "@/server/channels/resume-visit";
import { mintVisitorToken, newVisitorRoomName } from "@/server/channels/web-token";
import { AppError } from "@/server/core/errors";
import { effectiveRecordingSettings } from "@/server/channels/recording/settings";
import { createLogger } from "@/server/core/log";
import { env } from "@/server/env";
import { abuseLimits } from "@/server/http/abuse-limits";
import { requestEmbedVerdict } from "@/server/http/embed-access";
import { corsHeaders, type EmbedVerdict } from "@/server/http/embed-origins";
import { readBodyText } from "@/server/http/read-body";
import { requestClient } from "@/server/http/request-client";
import { errorResponse, jsonError, jsonOk, rateLimited } from "@/server/http/responses";

export const dynamic = "force-dynamic";

const log = createLogger({ component: "token" });
/**
 * An optional body: the resume ticket of the room the page had before a
 * reload; for the embedded widget (/embed, an iframe on our origin) the site
 * that embeds it and the agent its snippet names.
 */
const bodySchema = z
  .object({
    resume: z.string().max(200).optional(),
    embedOrigin: z.string().max(300).optional(),
    agent: z.string().max(64).optional(),
  })
  .catch({});

/**
 * POST /api/token → `{ url, token, roomName }` for a new voice room. Each room
 * gets an agent, so a client address may open only a few at once
 * (MAX_ROOMS_PER_CLIENT) and ask only so often (TOKEN_RATE_LIMIT_PER_MINUTE).
 * With `{ resume }` (a page reloaded within RECONNECT_GRACE_MS) the new room
 * continues the old room's conversation → `{ ..., resumed: true }`.
 * Another website's page (its Origin, or the site our embed iframe names) gets
 * a token only when it is on the embed allow-list, and CORS only then; a
 * refused site is a 403 naming the reason, before it costs the client's limits.
 */
export async function POST(request: Request) {
  let cors: Record<string, string> = {};
  try {
    const raw = await readBodyText(request, 1024);
    const { resume, embedOrigin, agent } = bodySchema.parse(raw.trim() ? safeJson(raw) : {});
    const verdict = requestEmbedVerdict(request.headers, embedOrigin);
    if (verdict.kind === "refused") {
      log.warn("token refused to an embedding site", { origin: verdict.origin });
      return jsonError(403, "FORBIDDEN", verdict.reason);
    }
    cors = corsFor(verdict);
    const config = env();
    // The snippet names the agent; this deployment runs one (AGENT_NAME, or the default automatic dispatch).
    if (agent !== undefined && agent !== "default" && agent !== config.AGENT_NAME) {
      throw new AppError("NOT_FOUND", `no agent named "${agent}" here; use data-agent="${config.AGENT_NAME || "default"}"`);
    }
    const client = requestClient(request.headers);
    const limits = abuseLimits();
    if (!limits.rooms.canOpen(client)) {
      return withHeaders(rateLimited("too many voice rooms open from your address; end a call before starting another", 60_000), cors);
    }
    const allowed = limits.tokens.take(client);
    if (!allowed.ok) return withHeaders(rateLimited("too many voice rooms requested; try again in a minute", allowed.retryAfterMs), cors);
    // A reload's conversation moves to the new room before the token says so to the agent.
    const roomName = newVisitorRoomName();
    limits.rooms.opened(roomName, client);
    const resumed = resume ? await resumeVisit({ ticket: resume, roomName, config, log }) : undefined;
    const minted = await mintVisitorToken({ roomName, resumed: Boolean(resumed) });
    if (verdict.kind === "allowed") log.info("visitor token for an embedding site", { room: minted.roomName, origin: verdict.origin });
    // The worker records when this says so; if the settings cannot be read, the visitor is told anyway.
    const recorded = await effectiveRecordingSettings(config).then((s) => s.enabled, () => config.RECORDING_ENABLED);
    return jsonOk(
      { url: minted.url, token: minted.token, roomName: minted.roomName, resume: minted.resume, resumed: Boolean(resumed), recorded },
      { headers: cors },
    );
  } catch (error) {
    return withHeaders(errorResponse(error), cors);
  }
}

/** CORS preflight of another website's page (its JSON POST needs one): granted only to allowed sites. */
export function OPTIONS(request: Request) {
  const verdict = requestEmbedVerdict(request.headers);
  if (verdict.kind === "refused") return jsonError(403, "FORBIDDEN", verdict.reason);
  return new NextResponse(null, { status: 204, headers: corsFor(verdict) });
}

function corsFor(verdict: EmbedVerdict): Record<string, string> {
  return verdict.kind === "allowed" && verdict.crossOrigin ? corsHeaders(verdict.origin) : {};
}

function withHeaders(response: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return {};
  }
}
