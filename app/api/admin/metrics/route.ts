import { filtersInput } from "@/server/admin/conversation-filters";
import { jsonOk } from "@/server/admin/http";
import { metricsRangeSchema } from "@/server/admin/metrics-range";
import { withAdmin } from "@/server/admin/with-admin";
import { getAdminMetrics } from "@/server/storage/metrics/get-admin-metrics";

export const dynamic = "force-dynamic";

/** GET /api/admin/metrics?days=14 → per-day volume, latency percentiles, containment, top intents. */
export const GET = withAdmin(async (request) => {
  const { from, to } = metricsRangeSchema.parse(filtersInput(request.nextUrl.searchParams));
  return jsonOk(await getAdminMetrics({ from, to }));
});
