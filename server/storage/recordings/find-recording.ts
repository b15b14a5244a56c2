import { db } from "../db";
import type { SaveRecordingOptions } from "./save-recording";

/** A stored recording: what was saved, with its row id. */
export type StoredRecording = SaveRecordingOptions & { id: string };

/**
 * A conversation's recording: its first part (a web visitor who reloaded
 * continued in a new room, which was recorded as a later part).
 */
export async function findRecording(options: { conversationId: string }): Promise<StoredRecording | null> {
  const row = await db().recording.findFirst({ where: { conversationId: options.conversationId }, orderBy: { startedAt: "asc" } });
  if (!row) return null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    path: row.path,
    mimeType: row.mimeType,
    callerPath: row.callerPath ?? undefined,
    agentPath: row.agentPath ?? undefined,
    durationMs: row.durationMs,
    startedAt: row.startedAt,
    peaks: row.peaks,
  };
}
