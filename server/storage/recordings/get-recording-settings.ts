import { db } from "../db";

export interface RecordingSettings {
  enabled: boolean;
  retentionDays: number;
}

/** The dashboard's recording settings, or the env's defaults until an administrator saved some. */
export async function getRecordingSettings(defaults: RecordingSettings): Promise<RecordingSettings & { fromDashboard: boolean }> {
  const row = await db().recordingSettings.findUnique({ where: { id: 1 } });
  if (!row) return { ...defaults, fromDashboard: false };
  return { enabled: row.enabled, retentionDays: row.retentionDays, fromDashboard: true };
}
