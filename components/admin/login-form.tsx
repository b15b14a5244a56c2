"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

/** Where to go after login: only paths inside the dashboard (no open redirect). */
function safeNext(next: string | undefined): string {
  return next && next.startsWith("/admin") && !next.startsWith("/admin/login") ? next : "/admin/conversations";
}

const serverErrors: Record<string, string> = {
  invalid: "Invalid email or password.",
  rate_limited: "Too many failed attempts. Try again in 15 minutes.",
};

/**
 * Posts JSON when hydrated; before that (or without JS) the same form posts
 * url-encoded to the same route, which answers with redirects. Either way the
 * password never lands in a URL.
 */
export function LoginForm({ next, initialError }: { next?: string; initialError?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError ? (serverErrors[initialError] ?? null) : null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/admin/login", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (response.ok) {
        router.replace(safeNext(next));
        router.refresh();
        return;
      }
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(body?.error?.message ?? "Login failed.");
    } catch {
      setError("Could not reach the server.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form method="post" action="/api/admin/login" onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={safeNext(next)} />
      <label className="block">
        <span className="text-sm font-medium text-stone-700">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-sm shadow-sm focus:border-amber-500 focus:outline-none focus:ring-2 focus:ring-amber-200"
        />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-stone-700">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-sm shadow-sm focus:border-amber-500 focus:outline-none focus:ring-2 focus:ring-amber-200"
        />
      </label>
      {error && (
        <p role="alert" data-testid="login-error" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-lg bg-stone-900 px-4 py-2 text-sm font-semibold text-white hover:bg-stone-700 disabled:opacity-60"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
