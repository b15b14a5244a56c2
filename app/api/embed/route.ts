import { requestEmbedVerdict } from "@/server/http/embed-access";
import { corsHeaders } from "@/server/http/embed-origins";
import { jsonError, jsonOk } from "@/server/http/responses";

export const dynamic = "force-dynamic";

/**
 * GET /api/embed: may the page asking (its Origin) use the widget? The loader
 * (public/embed.js) asks before it opens the iframe, so a site that is not on
 * the allow-list shows the visitor a sentence instead of a frame the browser
 * refused. Allowed → 200 with CORS for that site; refused → 403 with the
 * reason and no CORS (the loader only learns that it may not).
 */
export function GET(request: Request) {
  const verdict = requestEmbedVerdict(request.headers);
  if (verdict.kind === "refused") return jsonError(403, "FORBIDDEN", verdict.reason);
  const cors = verdict.kind === "allowed" && verdict.crossOrigin ? corsHeaders(verdict.origin) : {};
  return jsonOk({ allowed: true }, { headers: cors });
}
