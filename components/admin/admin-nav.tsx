"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/admin/conversations", label: "Conversations" },
  { href: "/admin/reservations", label: "Reservations" },
  { href: "/admin/live", label: "Live" },
  { href: "/admin/metrics", label: "Metrics" },
  { href: "/admin/settings", label: "Settings" },
];

export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav className="flex gap-1 md:flex-col">
      {links.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-lg px-3 py-2 text-sm font-medium ${active ? "bg-stone-900 text-white" : "text-stone-600 hover:bg-stone-200"}`}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
