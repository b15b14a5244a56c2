import type { Metadata } from "next";
import { LoginForm } from "@/components/admin/login-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in — Harbor Cafe admin" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { next, error } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center bg-stone-100 px-4">
      <div className="w-full max-w-sm rounded-2xl bg-white p-8 shadow-lg ring-1 ring-stone-200">
        <p className="text-xs font-semibold uppercase tracking-widest text-amber-700">Harbor Cafe</p>
        <h1 className="mt-1 mb-6 text-xl font-semibold text-stone-900">Admin sign in</h1>
        <LoginForm next={typeof next === "string" ? next : undefined} initialError={typeof error === "string" ? error : undefined} />
      </div>
    </main>
  );
}
