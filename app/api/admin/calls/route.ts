import { jsonOk } from "@/server/admin/http";
import { readJsonBody } from "@/server/admin/read-json-body";
import { withAdmin } from "@/server/admin/with-admin";
import { outboundCallSchema, placeOutboundCall } from "@/server/channels/sip/outbound-call";
import { createLogger } from "@/server/core/log";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

const log = createLogger({ component: "outbound-calls" });

/**
 * POST /api/admin/calls `{ to, purpose }` → 202 `{ conversationId }`: the call
 * is being dialled and the agent opens with the purpose once it is answered.
 * `to` is a phone number (+15550123) or a SIP URI (sip:alice@pbx.example.com);
 * `purpose` 1–500 characters. A bad body is a 400 naming the field; a dial the
 * bridge refuses is a 502 whose message says why (the conversation is stored
 * as failed with that reason).
 */
export const POST = withAdmin(async (request) => {
  const call = outboundCallSchema.parse(await readJsonBody(request, 4096));
  const { conversationId } = await placeOutboundCall(env(), call, log);
  return jsonOk({ conversationId }, { status: 202 });
});
