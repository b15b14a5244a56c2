import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { DataTable, EmptyTable } from "@/components/ui/data-table";
import type { ReservationInfo } from "@/server/core/dialogue/dialogue-ports";

const statusTone = { confirmed: "green", cancelled: "neutral" } as const;

/** When the table is booked for, on the business's clock (not the viewer's, not UTC). */
function businessTime(startsAt: Date, timeZone: string): string {
  return startsAt.toLocaleString("en-US", { timeZone, weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
}

export function ReservationsTable({ reservations, timeZone }: { reservations: ReservationInfo[]; timeZone: string }) {
  if (reservations.length === 0) {
    return <EmptyTable>No reservations yet.</EmptyTable>;
  }
  return (
    <DataTable testId="reservations-table" columns={[{ label: `When (${timeZone})` }, { label: "Reference" }, { label: "Name" }, { label: "Party", align: "right" }, { label: "Status" }, { label: "Conversation" }]}>
      {reservations.map((r) => (
        <tr key={r.id} className="hover:bg-amber-50/50" data-testid="reservation-row" data-reference={r.reference}>
          <td className="whitespace-nowrap px-4 py-2">{businessTime(r.startsAt, timeZone)}</td>
          <td className="whitespace-nowrap px-4 py-2 font-mono text-xs">{r.reference}</td>
          <td className="px-4 py-2">{r.name}</td>
          <td className="px-4 py-2 text-right tabular-nums">{r.partySize}</td>
          <td className="px-4 py-2">
            <Badge tone={statusTone[r.status]}>{r.status}</Badge>
          </td>
          <td className="px-4 py-2">
            {r.conversationId ? (
              <Link href={`/admin/conversations/${r.conversationId}`} className="text-stone-900 underline underline-offset-2" data-testid="reservation-conversation">
                transcript
              </Link>
            ) : (
              <span className="text-stone-400">—</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
