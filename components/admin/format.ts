/** Display helpers shared by admin server and client components (UTC, so server and browser agree). */

export function formatDateTime(value: Date | string | undefined): string {
  if (value === undefined) return "—";
  const iso = (typeof value === "string" ? new Date(value) : value).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function formatTime(value: Date | string): string {
  return (typeof value === "string" ? new Date(value) : value).toISOString().slice(11, 19);
}

export function formatDuration(ms: number | undefined | null): string {
  if (ms === undefined || ms === null) return "—";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

export function formatMs(ms: number | undefined | null): string {
  return ms === undefined || ms === null ? "—" : `${Math.round(ms).toLocaleString("en-US")} ms`;
}

export const channelLabel: Record<string, string> = { web: "Web voice", phone: "Phone", chat: "Chat" };

export const outcomeTone = {
  completed: "green",
  transferred: "violet",
  abandoned: "amber",
  failed: "red",
} as const;
