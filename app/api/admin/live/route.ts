import { jsonOk } from "@/server/admin/http";
import { listLiveRooms } from "@/server/admin/live-rooms";
import { withAdmin } from "@/server/admin/with-admin";

export const dynamic = "force-dynamic";

/** GET /api/admin/live → rooms in progress with their participants (503 when LiveKit is down). */
export const GET = withAdmin(async () => jsonOk(await listLiveRooms()));
