import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

/**
 * Rendered per request: the CSP (proxy.ts) allows scripts by a per-request
 * nonce, which Next.js can only put on the scripts of a page it renders now,
 * not on a page prerendered at build time.
 */
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Harbor Cafe — talk to us",
  description: "Ask Harbor Cafe's voice assistant anything, by voice, phone or chat.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-stone-50 text-stone-900 antialiased">{children}</body>
    </html>
  );
}
