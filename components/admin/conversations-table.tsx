import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyTable } from "@/components/ui/data-table";
import type { AdminConversationRow } from "@/server/storage/conversations/search-conversations";
import { channelLabel, formatDateTime, formatDuration, formatMs, outcomeTone } from "./format";

const channelTone = { web: "blue", phone: "violet", chat: "neutral" } as const;

export function ConversationsTable({ conversations }: { conversations: AdminConversationRow[] }) {
  if (conversations.length === 0) {
    return <EmptyTable>No conversations match.</EmptyTable>;
  }
  return (
    <DataTable testId="conversations-table" columns={[{ label: "Started (UTC)" }, { label: "Channel" }, { label: "Direction" }, { label: "Caller" }, { label: "Duration", align: "right" }, { label: "Turns", align: "right" }, { label: "Outcome" }, { label: "p95 voice-to-voice", align: "right" }]}>
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
    </DataTable>
  );
}
