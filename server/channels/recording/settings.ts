import { stat } from "node:fs/promises";
import { basename, isAbsolute, join, resolve } from "node:path";
import type { Env } from "../../env";
import { getRecordingSettings, type RecordingSettings } from "../../storage/recordings/get-recording-settings";

/** Said first on a recorded phone call (a web visitor sees the widget's notice instead). */
export const PHONE_RECORDING_NOTICE = "This call is recorded.";

/** The env's word, unless an administrator saved settings in the dashboard. Recording needs both the env and the dashboard on. */
export async function effectiveRecordingSettings(config: Env): Promise<RecordingSettings & { fromDashboard: boolean }> {
  const defaults = { enabled: config.RECORDING_ENABLED, retentionDays: config.RECORDING_RETENTION_DAYS };
  const saved = await getRecordingSettings(defaults);
  return { ...saved, enabled: config.RECORDING_ENABLED && saved.enabled };
}

export function recordingsDir(config: Env): string {
  return isAbsolute(config.RECORDINGS_DIR) ? config.RECORDINGS_DIR : resolve(process.cwd(), config.RECORDINGS_DIR);
}

/** A stored recording's file is there to serve (its encoder may still be writing it, or retention removed it). */
export async function recordingFileReady(config: Env, name: string): Promise<boolean> {
  return stat(join(recordingsDir(config), basename(name))).then(
    (s) => s.isFile(),
    () => false,
  );
}
