import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { z } from "zod";
import { recordingsDir } from "@/server/channels/recording/settings";
import { AppError } from "@/server/core/errors";
import { env } from "@/server/env";
import { parseByteRange } from "@/server/http/byte-range";
import { withAdmin } from "@/server/admin/with-admin";
import { findRecording } from "@/server/storage/recordings/find-recording";

export const dynamic = "force-dynamic";

const idSchema = z.uuid("conversation id must be a UUID");
const trackSchema = z.enum(["mixed", "caller", "agent"]).default("mixed");

/**
 * GET /api/admin/conversations/:id/recording[?track=caller|agent] → the call
 * recording's audio (Ogg/Opus, or WAV), with byte ranges so an <audio>
 * element finds its duration and seeks. Admin only, never cached by proxies.
 */
export const GET = withAdmin<{ id: string }>(async (request, { params }) => {
  const id = idSchema.safeParse(params.id);
  if (!id.success) throw new AppError("BAD_REQUEST", "conversation id must be a UUID");
  const track = trackSchema.safeParse(request.nextUrl.searchParams.get("track") ?? undefined);
  if (!track.success) throw new AppError("BAD_REQUEST", "track must be mixed, caller or agent");
  const recording = await findRecording({ conversationId: id.data });
  const name = recording && { mixed: recording.path, caller: recording.callerPath, agent: recording.agentPath }[track.data];
  if (!recording || !name) throw new AppError("NOT_FOUND", `no ${track.data} recording for conversation ${id.data}`);
  // Stored names are file names in the recordings folder; nothing else is ever opened.
  const path = join(recordingsDir(env()), basename(name));
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new AppError("NOT_FOUND", "the recording's file is gone (expired or deleted)");
    },
  );
  const mimeType = name.endsWith(".wav") ? "audio/wav" : recording.mimeType;
  const headers: Record<string, string> = {
    "Content-Type": mimeType,
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-store",
    "Content-Disposition": `inline; filename="${basename(name)}"`,
  };
  const range = parseByteRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${size}` } });
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const body = size === 0 ? null : (Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status: range ? 206 : 200,
    headers: { ...headers, "Content-Length": String(size === 0 ? 0 : end - start + 1), ...(range ? { "Content-Range": `bytes ${start}-${end}/${size}` } : {}) },
  });
});
