import { z } from "zod";
import { jsonOk } from "@/server/admin/http";
import { withAdmin } from "@/server/admin/with-admin";
import { listReservations } from "@/server/storage/reservations/list-reservations";

export const dynamic = "force-dynamic";

const querySchema = z.object({
  status: z.enum(["confirmed", "cancelled"]).optional(),
  /** Only reservations starting at or after this ISO instant. */
  from: z.iso.datetime({ offset: true }).optional(),
});

/** GET /api/admin/reservations?status=confirmed|cancelled&from=ISO → { reservations: [{ id, reference, name, partySize, startsAt, status, conversationId }] } */
export const GET = withAdmin(async (request) => {
  const params = request.nextUrl.searchParams;
  // A ZodError becomes a 400 naming the bad parameter (withAdmin → errorResponse).
  const query = querySchema.parse({ status: params.get("status") ?? undefined, from: params.get("from") ?? undefined });
  const reservations = await listReservations({ status: query.status, from: query.from ? new Date(query.from) : undefined });
  return jsonOk({ reservations: reservations.map((r) => ({ ...r, startsAt: r.startsAt.toISOString() })) });
});
