import { LiveRooms } from "@/components/admin/live-rooms";
import { PlaceCallForm } from "@/components/admin/place-call-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireAdminPage } from "@/server/admin/require-admin-page";

export const dynamic = "force-dynamic";

export default async function LivePage() {
  const session = await requireAdminPage();
  return (
    <>
      <PageHeader title="Live" description="Rooms in progress on LiveKit and who is in them: visitors, SIP callers and the agent." />
      <Card title="Place a call" className="mb-6">
        <PlaceCallForm csrfToken={session.csrfToken} />
      </Card>
      <LiveRooms />
    </>
  );
}
