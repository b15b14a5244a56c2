import { db } from "../db";
import type { RecordingSettings } from "./get-recording-settings";

/** Saves the dashboard's recording settings (one row). */
export async function saveRecordingSettings(settings: RecordingSettings): Promise<void> {
  await db().recordingSettings.upsert({ where: { id: 1 }, create: { id: 1, ...settings }, update: settings });
}
