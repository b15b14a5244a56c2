"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Logout is a mutation: it carries the session's CSRF token. */
export function LogoutButton({ csrfToken }: { csrfToken: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  async function logout() {
    setPending(true);
    await fetch("/api/admin/logout", { method: "POST", headers: { "x-csrf-token": csrfToken } }).catch(() => undefined);
    router.replace("/admin/login");
    router.refresh();
  }
  return (
    <button
      type="button"
      onClick={() => void logout()}
      disabled={pending}
      className="rounded-lg px-3 py-1.5 text-sm font-medium text-stone-600 ring-1 ring-stone-300 hover:bg-stone-100 disabled:opacity-60"
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
