import { db } from "../db";

export interface SaveRecordingOptions {
  conversationId: string;
  path: string;
  mimeType: string;
  callerPath?: string;
  agentPath?: string;
  durationMs: number;
  startedAt: Date;
  peaks: number[];
}

/** Stores a finished call recording (its files are already in RECORDINGS_DIR). */
export async function saveRecording(options: SaveRecordingOptions): Promise<{ id: string }> {
  const row = await db().recording.create({ data: options, select: { id: true } });
  return row;
}
