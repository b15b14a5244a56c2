import type { Metadata } from "next";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "Harbor Cafe admin", robots: { index: false, follow: false } };

export default function AdminRootLayout({ children }: { children: ReactNode }) {
  return children;
}
