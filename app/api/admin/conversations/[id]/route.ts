import { z } from "zod";
import { AppError } from "@/server/core/errors";
import { jsonOk } from "@/server/admin/http";
import { withAdmin } from "@/server/admin/with-admin";
import { getConversation } from "@/server/storage/conversations/get-conversation";

export const dynamic = "force-dynamic";

const idSchema = z.uuid("conversation id must be a UUID");

/** GET /api/admin/conversations/:id → the conversation with turns (and latency) and tool calls. */
export const GET = withAdmin<{ id: string }>(async (_request, { params }) => {
  const parsed = idSchema.safeParse(params.id);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "conversation id must be a UUID");
  const conversation = await getConversation({ id: parsed.data });
  if (!conversation) throw new AppError("NOT_FOUND", `conversation ${parsed.data} not found`);
  return jsonOk(conversation);
});
