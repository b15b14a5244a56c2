import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { channelLabel, formatDateTime, formatDuration, formatMs, outcomeTone } from "@/components/admin/format";
import { LatencyWaterfall, type WaterfallTurn } from "@/components/admin/latency-waterfall";
import { ToolCalls } from "@/components/admin/tool-calls";
import { TranscriptTimeline } from "@/components/admin/transcript-timeline";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/server/admin/require-admin-page";
import { getConversation } from "@/server/storage/conversations/get-conversation";
import { findRecording } from "@/server/storage/recordings/find-recording";
import { RecordingPlayer } from "@/components/admin/recording-player";
import { recordingFileReady } from "@/server/channels/recording/settings";
import { env } from "@/server/env";

export const dynamic = "force-dynamic";

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdminPage();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const [conversation, stored] = await Promise.all([getConversation({ id }), findRecording({ conversationId: id })]);
  if (!conversation) notFound();
  const recording = stored && (await recordingFileReady(env(), stored.path)) ? stored : null;
  const recordingUrl = `/api/admin/conversations/${conversation.id}/recording`;

  const waterfall: WaterfallTurn[] = conversation.turns
    .filter((turn) => turn.latency)
    .map((turn) => ({ label: `#${turn.seq} ${turn.role === "user" ? "caller" : "agent"}`, ...turn.latency }));
  const durationMs = conversation.endedAt ? conversation.endedAt.getTime() - conversation.startedAt.getTime() : undefined;
  const v2v = conversation.turns.map((t) => t.latency?.voiceToVoiceMs).filter((ms): ms is number => ms !== undefined);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/conversations" className="text-stone-500 hover:text-stone-900">← Conversations</Link>
      </p>
      <PageHeader
        title={`${channelLabel[conversation.channel]} conversation`}
        description={<span className="font-mono text-xs" data-testid="conversation-id">{conversation.id}</span>}
        actions={
          <div className="flex items-center gap-2">
            {conversation.outcome ? <Badge tone={outcomeTone[conversation.outcome]}>{conversation.outcome}</Badge> : <Badge tone="amber">ongoing</Badge>}
            <Badge>{conversation.direction}</Badge>
          </div>
        }
      />
      <dl className="mb-6 grid grid-cols-2 gap-3 text-sm md:grid-cols-5">
        {[
          ["Started (UTC)", formatDateTime(conversation.startedAt)],
          ["Duration", formatDuration(durationMs)],
          [conversation.direction === "outbound" ? "Called" : "Caller", conversation.callerNumber ?? "—"],
          ["Turns", String(conversation.turns.length)],
          ["Max voice-to-voice", v2v.length > 0 ? formatMs(Math.max(...v2v)) : "—"],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl bg-white p-3 ring-1 ring-stone-200">
            <dt className="text-xs text-stone-500">{label}</dt>
            <dd className="mt-0.5 font-medium tabular-nums text-stone-900">{value}</dd>
          </div>
        ))}
      </dl>
      {(conversation.purpose || conversation.endReason) && (
        <dl className="mb-6 grid gap-3 text-sm md:grid-cols-2">
          {conversation.purpose && (
            <div className="rounded-xl bg-white p-3 ring-1 ring-stone-200">
              <dt className="text-xs text-stone-500">Purpose of the call</dt>
              <dd className="mt-0.5 text-stone-900" data-testid="call-purpose">{conversation.purpose}</dd>
            </div>
          )}
          {conversation.endReason && (
            <div className="rounded-xl bg-white p-3 ring-1 ring-stone-200">
              <dt className="text-xs text-stone-500">Ended because</dt>
              <dd className="mt-0.5 text-stone-900" data-testid="end-reason">{conversation.endReason}</dd>
            </div>
          )}
          {conversation.leaveToEndMs !== undefined && (
            <div className="rounded-xl bg-white p-3 ring-1 ring-stone-200">
              <dt className="text-xs text-stone-500">Caller left → conversation ended</dt>
              <dd className="mt-0.5 tabular-nums text-stone-900" data-testid="leave-to-end">{formatMs(conversation.leaveToEndMs)}</dd>
            </div>
          )}
        </dl>
      )}
      {conversation.handoffSummary && (
        <Card title="Handoff summary" className="mb-6">
          <p className="text-sm text-stone-800" data-testid="handoff-summary">{conversation.handoffSummary}</p>
        </Card>
      )}
      {recording ? (
        <Card title="Recording" className="mb-6" actions={<span className="text-xs text-stone-500">{formatDuration(recording.durationMs)} · both sides</span>}>
          <RecordingPlayer
            url={recordingUrl}
            durationMs={recording.durationMs}
            peaks={recording.peaks}
            tracks={recording.callerPath && recording.agentPath ? { caller: `${recordingUrl}?track=caller`, agent: `${recordingUrl}?track=agent` } : undefined}
          />
        </Card>
      ) : (
        conversation.channel !== "chat" &&
        conversation.endedAt && <p className="mb-6 text-sm text-stone-500" data-testid="no-recording">{stored ? "The recording is being encoded; reload in a moment." : "No recording of this call (recording was off, or it has expired)."}</p>
      )}
      <div className="grid gap-6 xl:grid-cols-5">
        <Card title="Transcript" className="xl:col-span-3">
          <TranscriptTimeline turns={conversation.turns} startedAt={conversation.startedAt} recordingStartedAt={recording?.startedAt} />
        </Card>
        <div className="space-y-6 xl:col-span-2">
          <Card title="Latency per turn">
            <LatencyWaterfall turns={waterfall} />
          </Card>
          <Card title={`Tool calls (${conversation.toolCalls.length})`}>
            <ToolCalls calls={conversation.toolCalls} />
          </Card>
        </div>
      </div>
    </>
  );
}
