import { LiveRooms } from "@/components/admin/live-rooms";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/server/admin/require-admin-page";

export const dynamic = "force-dynamic";

export default async function LivePage() {
  await requireAdminPage();
  return (
    <>
      <PageHeader title="Live" description="Rooms in progress on LiveKit and who is in them: visitors, SIP callers and the agent." />
      <LiveRooms />
    </>
  );
}
