import type { Logger } from "../core/log";
import type { Env } from "../env";
import { removeStalePartials, sweepExpiredRecordings } from "../channels/recording/retention";
import { effectiveRecordingSettings, recordingsDir } from "../channels/recording/settings";
import { deleteRecording } from "../storage/recordings/delete-recording";
import { listExpiredRecordings } from "../storage/recordings/list-expired-recordings";

const SWEEP_EVERY_MS = 60 * 60 * 1000;
const FIRST_SWEEP_AFTER_MS = 30_000;

/**
 * Deletes expired recordings once soon after start and then hourly. Every
 * worker process sweeps; two sweeps at once only race to delete the same files.
 */
export function scheduleRecordingRetention(config: Env, log: Logger): () => void {
  const sweep = async () => {
    try {
      const { retentionDays } = await effectiveRecordingSettings(config);
      await sweepExpiredRecordings({
        dir: recordingsDir(config),
        retentionDays,
        now: Date.now(),
        ports: { listExpired: listExpiredRecordings, remove: deleteRecording },
        log,
      });
      const stale = await removeStalePartials(recordingsDir(config), Date.now());
      if (stale > 0) log.info("stale partial recordings removed", { files: stale });
    } catch (error) {
      log.warn("recording retention sweep failed; retried next hour", { error });
    }
  };
  const first = setTimeout(() => void sweep(), FIRST_SWEEP_AFTER_MS);
  const every = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  first.unref();
  every.unref();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
