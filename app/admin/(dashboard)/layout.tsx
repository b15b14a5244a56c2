import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { LogoutButton } from "@/components/admin/logout-button";
import { requireAdminPage } from "@/server/admin/require-admin-page";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireAdminPage();
  return (
    <div className="min-h-screen bg-stone-100">
      <header className="sticky top-0 z-10 border-b border-stone-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-7xl items-center justify-between px-4 py-3">
          <p className="font-semibold text-stone-900">
            Harbor Cafe <span className="font-normal text-stone-500">· agent admin</span>
          </p>
          <div className="flex items-center gap-3">
            <span data-testid="admin-email" className="hidden text-sm text-stone-500 sm:inline">{session.email}</span>
            <LogoutButton csrfToken={session.csrfToken} />
          </div>
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 md:flex-row">
        <aside className="md:w-44 md:shrink-0">
          <AdminNav />
        </aside>
        <main className="min-w-0 flex-1">{children}</main>
      </div>
    </div>
  );
}
