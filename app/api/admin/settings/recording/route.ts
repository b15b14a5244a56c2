import { z } from "zod";
import { jsonOk } from "@/server/admin/http";
import { readJsonBody } from "@/server/admin/read-json-body";
import { withAdmin } from "@/server/admin/with-admin";
import { effectiveRecordingSettings } from "@/server/channels/recording/settings";
import { env } from "@/server/env";
import { saveRecordingSettings } from "@/server/storage/recordings/save-recording-settings";

export const dynamic = "force-dynamic";

const settingsSchema = z.object({
  enabled: z.boolean(),
  retentionDays: z.number().int().min(1, "keep recordings at least 1 day").max(3650, "at most 3650 days"),
});

async function current() {
  const config = env();
  // RECORDING_ENABLED=false wins over the dashboard: the operator turned recording off for the deployment.
  return { ...(await effectiveRecordingSettings(config)), envEnabled: config.RECORDING_ENABLED };
}

/** GET /api/admin/settings/recording → { enabled, retentionDays, fromDashboard, envEnabled }. */
export const GET = withAdmin(async () => jsonOk(await current()));

/** PUT /api/admin/settings/recording { enabled, retentionDays } → the settings now in force (new calls; the next hourly sweep). */
export const PUT = withAdmin(async (request) => {
  await saveRecordingSettings(settingsSchema.parse(await readJsonBody(request, 4096)));
  return jsonOk(await current());
});
