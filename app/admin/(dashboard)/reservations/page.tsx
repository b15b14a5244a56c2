import { ReservationsTable } from "@/components/admin/reservations-table";
import { PageHeader } from "@/components/ui/page-header";
import { loadBusinessProfile } from "@/server/business-profile";
import { requireAdminPage } from "@/server/admin/require-admin-page";
import { listReservations } from "@/server/storage/reservations/list-reservations";

export const dynamic = "force-dynamic";

export default async function ReservationsPage() {
  await requireAdminPage();
  const [reservations, profile] = await Promise.all([listReservations(), Promise.resolve(loadBusinessProfile())]);
  const confirmed = reservations.filter((r) => r.status === "confirmed").length;
  return (
    <>
      <PageHeader title="Reservations" description={`Tables the agent booked after the caller confirmed, soonest first · ${confirmed} confirmed`} />
      <ReservationsTable reservations={reservations} timeZone={profile.calendar.timeZone} />
    </>
  );
}
