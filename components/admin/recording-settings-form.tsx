"use client";

import { useState, type FormEvent } from "react";
import { sendAdminMutation } from "./admin-mutation";
import { inputClass, labelClass, primaryButtonClass } from "./field-styles";
import { SaveFeedback, type SaveStatus } from "./save-feedback";

interface RecordingSettingsView {
  enabled: boolean;
  retentionDays: number;
  envEnabled: boolean;
}

/** Turns call recording on or off and sets how long recordings are kept (PUT /api/admin/settings/recording). */
export function RecordingSettingsForm({ settings, csrfToken }: { settings: RecordingSettingsView; csrfToken: string }) {
  const [enabled, setEnabled] = useState(settings.enabled);
  const [retentionDays, setRetentionDays] = useState(String(settings.retentionDays));
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await sendAdminMutation<RecordingSettingsView>("/api/admin/settings/recording", {
      method: "PUT",
      csrfToken,
      body: { enabled, retentionDays: Number(retentionDays) },
    });
    setBusy(false);
    setStatus(result.ok ? { kind: "saved", message: result.data.enabled ? "Saved: new calls are recorded." : "Saved: new calls are not recorded." } : { kind: "error", ...result });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-3" data-testid="recording-settings">
      <label className="flex items-center gap-2 text-sm text-stone-800">
        <input type="checkbox" checked={enabled} disabled={!settings.envEnabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="recording-enabled" />
        Record voice conversations (web and phone); callers hear, and visitors see, that they are recorded
      </label>
      {!settings.envEnabled && <p className="text-xs text-amber-800">RECORDING_ENABLED=false in the environment: recording is off for this deployment.</p>}
      <label className={labelClass}>
        Keep recordings for (days)
        <input type="number" min={1} max={3650} value={retentionDays} onChange={(e) => setRetentionDays(e.target.value)} className={`${inputClass} max-w-32`} data-testid="recording-retention-days" />
      </label>
      <p className="text-xs text-stone-500">Older recordings are deleted by an hourly sweep in the agent worker.</p>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          Save
        </button>
        <SaveFeedback status={status} testId="recording-settings-status" />
      </div>
    </form>
  );
}
