import { z } from "zod";
import { AppError } from "@/server/core/errors";
import { jsonOk } from "@/server/admin/http";
import { withAdmin } from "@/server/admin/with-admin";
import { getConversation } from "@/server/storage/conversations/get-conversation";
import { findRecording } from "@/server/storage/recordings/find-recording";
import { recordingFileReady } from "@/server/channels/recording/settings";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

const idSchema = z.uuid("conversation id must be a UUID");

/** GET /api/admin/conversations/:id → the conversation with turns (and latency), tool calls and its recording, if any. */
export const GET = withAdmin<{ id: string }>(async (_request, { params }) => {
  const parsed = idSchema.safeParse(params.id);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "conversation id must be a UUID");
  const [conversation, stored] = await Promise.all([getConversation({ id: parsed.data }), findRecording({ conversationId: parsed.data })]);
  if (!conversation) throw new AppError("NOT_FOUND", `conversation ${parsed.data} not found`);
  // Listed once it can be played: the encoder writes the file just after the row.
  const recording = stored && (await recordingFileReady(env(), stored.path)) ? stored : null;
  return jsonOk({
    ...conversation,
    ...(recording
      ? {
          recording: {
            url: `/api/admin/conversations/${parsed.data}/recording`,
            durationMs: recording.durationMs,
            startedAt: recording.startedAt,
            mimeType: recording.mimeType,
            ...(recording.callerPath && recording.agentPath
              ? { tracks: { caller: `/api/admin/conversations/${parsed.data}/recording?track=caller`, agent: `/api/admin/conversations/${parsed.data}/recording?track=agent` } }
              : {}),
          },
        }
      : {}),
  });
});
