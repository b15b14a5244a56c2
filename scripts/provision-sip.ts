/**
 * Creates or updates the inbound SIP trunk and the call dispatch rule from env
 * (SIP_INBOUND_NUMBERS, SIP_ALLOWED_ADDRESSES, SIP_AUTH_*): `npx tsx
 * scripts/provision-sip.ts`. Idempotent; run by `npm start` once livekit-sip
 * is up, and by POST /api/admin/sip/provision. Exits 1 on failure.
 */
import { provisionSip } from "../server/channels/sip/provision";
import { env } from "../server/env";

try {
  const result = await provisionSip(env());
  console.log(JSON.stringify({ t: new Date().toISOString(), level: "info", msg: "sip provisioned", ...result }));
} catch (error) {
  console.error(JSON.stringify({ t: new Date().toISOString(), level: "error", msg: "sip provisioning failed", error: String(error) }));
  process.exit(1);
}
