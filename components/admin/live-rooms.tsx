"use client";

import { useEffect, useState } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyTable } from "@/components/ui/data-table";
import type { LiveRoom } from "@/server/admin/live-rooms";
import { formatDuration } from "./format";

const POLL_MS = 2_500;

const kindLabel: Record<string, [string, BadgeTone]> = {
  visitor: ["visitor", "blue"],
  sip: ["SIP caller", "violet"],
  agent: ["agent", "amber"],
  other: ["other", "neutral"],
};

type State = { rooms: LiveRoom[]; fetchedAt?: string; error?: string };

/** Polls /api/admin/live and ticks durations every second, without reloading the page. */
export function LiveRooms() {
  const [state, setState] = useState<State>({ rooms: [] });
  const [loaded, setLoaded] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function poll() {
      try {
        const response = await fetch("/api/admin/live", { cache: "no-store" });
        const body = (await response.json()) as { rooms?: LiveRoom[]; fetchedAt?: string; error?: { message: string } };
        if (stopped) return;
        if (response.status === 401) {
          window.location.assign("/admin/login?next=/admin/live");
          return;
        }
        setState(response.ok ? { rooms: body.rooms ?? [], fetchedAt: body.fetchedAt } : { rooms: [], error: body.error?.message ?? `HTTP ${response.status}` });
      } catch {
        if (!stopped) setState((previous) => ({ ...previous, error: "Could not reach the server." }));
      } finally {
        if (!stopped) {
          setLoaded(true);
          timer = setTimeout(() => void poll(), POLL_MS);
        }
      }
    }
    void poll();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, []);

  return (
    <div data-testid="live-rooms" data-loaded={loaded ? "true" : "false"}>
      <div className="mb-3 flex items-center gap-2 text-xs text-stone-500">
        <span className={`inline-block h-2 w-2 rounded-full ${state.error ? "bg-red-500" : "animate-pulse bg-emerald-500"}`} />
        {state.error ? `LiveKit: ${state.error}` : `Updated ${state.fetchedAt ? new Date(state.fetchedAt).toISOString().slice(11, 19) : "…"} UTC · refreshes every ${POLL_MS / 1000} s`}
      </div>
      {loaded && state.rooms.length === 0 && !state.error && (
        <EmptyTable testId="live-empty">No conversations in progress.</EmptyTable>
      )}
      <ul className="grid gap-4 lg:grid-cols-2">
        {state.rooms.map((room) => (
          <li key={room.name} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-stone-200" data-testid="live-room">
            <div className="flex items-center justify-between gap-2">
              <p className="truncate font-mono text-sm font-semibold text-stone-900">{room.name}</p>
              <span className="whitespace-nowrap text-sm tabular-nums text-stone-600">{formatDuration(now - Date.parse(room.createdAt))}</span>
            </div>
            <p className="text-xs text-stone-500">{room.channel === "phone" ? "Phone call" : room.channel === "web" ? "Web voice" : "Room"}</p>
            <ul className="mt-3 divide-y divide-stone-100 text-sm">
              {room.participants.length === 0 && <li className="py-1.5 text-stone-500">Nobody in the room yet.</li>}
              {room.participants.map((p) => {
                const [label, tone] = kindLabel[p.kind] ?? ["other", "neutral"];
                return (
                  <li key={p.identity} className="flex items-center justify-between gap-2 py-1.5" data-testid="live-participant" data-kind={p.kind}>
                    <span className="flex min-w-0 items-center gap-2">
                      <Badge tone={tone}>{label}</Badge>
                      <span className="truncate">{p.phoneNumber ?? p.name ?? p.identity}</span>
                    </span>
                    <span className="whitespace-nowrap tabular-nums text-stone-500">{formatDuration(now - Date.parse(p.joinedAt))}</span>
                  </li>
                );
              })}
            </ul>
          </li>
        ))}
      </ul>
    </div>
  );
}
