import { redirect } from "next/navigation";
import { requireAdminPage } from "@/server/admin/require-admin-page";

export const dynamic = "force-dynamic";

export default async function AdminHome() {
  await requireAdminPage();
  redirect("/admin/conversations");
}
