import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { AdminConversationRow } from "@/server/storage/conversations/search-conversations";
import { channelLabel, formatDateTime, formatDuration, formatMs, outcomeTone } from "./format";

const channelTone = { web: "blue", phone: "violet", chat: "neutral" } as const;

export function ConversationsTable({ conversations }: { conversations: AdminConversationRow[] }) {
  if (conversations.length === 0) {
    return <p className="rounded-xl bg-white p-8 text-center text-sm text-stone-500 ring-1 ring-stone-200">No conversations match.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-stone-200">
      <table className="min-w-full text-sm" data-testid="conversations-table">
        <thead className="bg-stone-50 text-left text-xs uppercase tracking-wide text-stone-500">
          <tr>
            <th className="px-4 py-2 font-medium">Started (UTC)</th>
            <th className="px-4 py-2 font-medium">Channel</th>
            <th className="px-4 py-2 font-medium">Direction</th>
            <th className="px-4 py-2 font-medium">Caller</th>
            <th className="px-4 py-2 text-right font-medium">Duration</th>
            <th className="px-4 py-2 text-right font-medium">Turns</th>
            <th className="px-4 py-2 font-medium">Outcome</th>
            <th className="px-4 py-2 text-right font-medium">p95 voice-to-voice</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {conversations.map((c) => (
            <tr key={c.id} className="hover:bg-amber-50/50" data-testid="conversation-row" data-id={c.id}>
              <td className="whitespace-nowrap px-4 py-2">
                <Link href={`/admin/conversations/${c.id}`} className="font-medium text-stone-900 underline-offset-2 hover:underline">
                  {formatDateTime(c.startedAt)}
                </Link>
              </td>
              <td className="px-4 py-2">
                <Badge tone={channelTone[c.channel]}>{channelLabel[c.channel]}</Badge>
              </td>
              <td className="px-4 py-2 text-stone-600">{c.direction}</td>
              <td className="whitespace-nowrap px-4 py-2 font-mono text-xs text-stone-600">{c.callerNumber ?? "—"}</td>
              <td className="px-4 py-2 text-right tabular-nums">{c.endedAt ? formatDuration(c.durationMs) : <Badge tone="amber">ongoing</Badge>}</td>
              <td className="px-4 py-2 text-right tabular-nums">{c.turnCount}</td>
              <td className="px-4 py-2">{c.outcome ? <Badge tone={outcomeTone[c.outcome]}>{c.outcome}</Badge> : <span className="text-stone-400">—</span>}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatMs(c.p95VoiceToVoiceMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
