import { currentEmbedSettings, saveEmbedSettings } from "@/server/admin/embed-settings-file";
import { jsonOk } from "@/server/admin/http";
import { readJsonBody } from "@/server/admin/read-json-body";
import { withAdmin } from "@/server/admin/with-admin";
import { embedSettingsSchema } from "@/server/embed-settings";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

/** GET /api/admin/settings/embed → `{ allowedOrigins, envAllowedOrigins }`: the dashboard's list and the one from EMBED_ALLOWED_ORIGINS (read-only here). */
export const GET = withAdmin(async () => jsonOk({ ...currentEmbedSettings(), envAllowedOrigins: env().EMBED_ALLOWED_ORIGINS }));

/**
 * PUT /api/admin/settings/embed `{ allowedOrigins: ["https://shop.example.com", "https://*.example.org"] }`
 * → saved to config/embed-settings.json; the next token request and embed page use it.
 * An entry that is not an origin is a 400 naming it.
 */
export const PUT = withAdmin(async (request) => {
  const settings = embedSettingsSchema.parse(await readJsonBody(request, 64 * 1024));
  return jsonOk({ ...(await saveEmbedSettings(settings)), envAllowedOrigins: env().EMBED_ALLOWED_ORIGINS });
});
