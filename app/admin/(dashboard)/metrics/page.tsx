import Link from "next/link";
import { formatMs } from "@/components/admin/format";
import { ConversationsPerDayChart, StageBreakdownChart, TopIntentsChart, VoiceToVoiceChart } from "@/components/admin/metrics-charts";
import { Card, StatTile } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { filtersInput } from "@/server/admin/conversation-filters";
import { metricsRangeSchema } from "@/server/admin/metrics-range";
import { requireAdminPage } from "@/server/admin/require-admin-page";
import { getAdminMetrics } from "@/server/storage/metrics/get-admin-metrics";

export const dynamic = "force-dynamic";

const RANGES = [7, 14, 30, 90];

export default async function MetricsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireAdminPage();
  const parsed = metricsRangeSchema.safeParse(filtersInput(await searchParams));
  const range = parsed.success ? parsed.data : metricsRangeSchema.parse({});
  const metrics = await getAdminMetrics({ from: range.from, to: range.to });
  const v2v = metrics.stages.find((s) => s.stage === "voiceToVoiceMs");
  const { containment } = metrics;

  return (
    <>
      <PageHeader
        title="Metrics"
        description={`Conversations started in the last ${range.days} days (UTC days).`}
        actions={
          <div className="flex gap-1 rounded-lg bg-white p-1 ring-1 ring-stone-200">
            {RANGES.map((days) => (
              <Link
                key={days}
                href={`/admin/metrics?days=${days}`}
                className={`rounded-md px-3 py-1 text-sm ${days === range.days ? "bg-stone-900 text-white" : "text-stone-600 hover:bg-stone-100"}`}
              >
                {days}d
              </Link>
            ))}
          </div>
        }
      />
      <div className="mb-6 grid grid-cols-2 gap-4 lg:grid-cols-4" data-testid="metrics-tiles">
        <StatTile label="Conversations" value={metrics.totalConversations.toLocaleString("en-US")} />
        <StatTile
          label="Containment"
          value={containment.rate === null ? "—" : `${(containment.rate * 100).toFixed(1)}%`}
          hint={`${(containment.ended - containment.transferred).toLocaleString("en-US")} of ${containment.ended.toLocaleString("en-US")} ended without a transfer`}
        />
        <StatTile label="Voice-to-voice p50" value={formatMs(v2v?.p50Ms)} hint={`${(v2v?.samples ?? 0).toLocaleString("en-US")} voice turns`} />
        <StatTile label="Voice-to-voice p95" value={formatMs(v2v?.p95Ms)} />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <Card title="Conversations per day, by channel">
          <ConversationsPerDayChart data={metrics.conversationsPerDay} />
        </Card>
        <Card title="Voice-to-voice latency per day (p50 / p95)">
          <VoiceToVoiceChart data={metrics.voiceToVoiceByDay} />
        </Card>
        <Card title="Per-stage latency (p50 / p95)">
          <StageBreakdownChart data={metrics.stages} />
        </Card>
        <Card title="Top intents">
          <TopIntentsChart data={metrics.topIntents} />
        </Card>
      </div>
    </>
  );
}
