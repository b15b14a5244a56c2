import { jsonOk } from "@/server/admin/http";
import { withAdmin } from "@/server/admin/with-admin";
import { provisionSip, sipProvisionSchema } from "@/server/channels/sip/provision";
import { env } from "@/server/env";
import { readOptionalJsonBody } from "@/server/http/read-body";

export const dynamic = "force-dynamic";

/**
 * POST /api/admin/sip/provision → creates or updates the inbound trunk and the
 * dispatch rule. Body (optional) overrides env: `{ numbers?, allowedAddresses?,
 * auth?: { username, password } | null }`; a malformed body is a 400 with the reason.
 */
export const POST = withAdmin(async (request) => {
  const input = sipProvisionSchema.parse((await readOptionalJsonBody(request, 16 * 1024)) ?? {});
  return jsonOk(await provisionSip(env(), input));
});
