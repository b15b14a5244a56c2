import { currentBusinessProfile, saveBusinessProfile } from "@/server/admin/business-profile-file";
import { jsonOk } from "@/server/admin/http";
import { readJsonBody } from "@/server/admin/read-json-body";
import { withAdmin } from "@/server/admin/with-admin";
import { businessProfileSchema } from "@/server/core/dialogue/business-profile";

export const dynamic = "force-dynamic";

/** A profile with hundreds of intents is still far below this. */
const MAX_PROFILE_BYTES = 512 * 1024;

/** GET /api/admin/settings/business-profile → the profile the agent runs on. */
export const GET = withAdmin(async () => jsonOk(currentBusinessProfile()));

/**
 * PUT /api/admin/settings/business-profile, body = the whole profile → saved
 * to config/business-profile.json (the agent applies it on its next turn).
 * An invalid profile is a 400 whose `error.issues` name each bad field.
 */
export const PUT = withAdmin(async (request) => {
  const profile = businessProfileSchema.parse(await readJsonBody(request, MAX_PROFILE_BYTES));
  return jsonOk(await saveBusinessProfile(profile));
});
