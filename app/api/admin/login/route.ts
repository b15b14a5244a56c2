import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { checkMutation } from "@/server/admin/csrf";
import { errorResponse, jsonError, jsonOk } from "@/server/admin/http";
import { INVALID_CREDENTIALS, loginAdmin } from "@/server/admin/login";
import { clientIpFrom } from "@/server/admin/rate-limit";
import { SESSION_COOKIE, sessionCookieOptions } from "@/server/admin/session-token";

export const dynamic = "force-dynamic";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/**
 * POST /api/admin/login {email, password} → sets the session cookie. The only
 * admin route open to anonymous requests (e2e/admin-auth.spec.ts lists it as such).
 */
export async function POST(request: NextRequest) {
  try {
    const refused = checkMutation({
      method: "POST",
      origin: request.headers.get("origin"),
      host: request.headers.get("host"),
      forwardedHost: request.headers.get("x-forwarded-host"),
      csrfHeader: null,
    });
    if (refused) return jsonError(403, "FORBIDDEN", refused);

    // A plain HTML form post (before hydration, or without JS) gets redirects instead of JSON.
    const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
    const body: unknown = isForm
      ? Object.fromEntries(await request.formData().catch(() => new FormData()))
      : await request.json().catch(() => null);
    const credentials = credentialsSchema.safeParse(body);
    const next = safeNextPath(isForm ? (body as Record<string, unknown>).next : undefined);
    const back = (error: string) => redirectTo(`/admin/login?${new URLSearchParams({ error, next }).toString()}`);
    if (!credentials.success) return isForm ? back("invalid") : jsonError(400, "BAD_REQUEST", "email and password are required");

    const clientIp = clientIpFrom(request.headers.get("x-forwarded-for"), request.headers.get("x-real-ip"));
    const result = await loginAdmin({ ...credentials.data, clientIp });
    if (!result.ok && isForm) return back(result.reason);
    if (!result.ok) {
      return result.reason === "rate_limited"
        ? jsonError(429, "RATE_LIMITED", "Too many failed attempts. Try again in 15 minutes.", {
            "Retry-After": String(result.retryAfterSeconds ?? 900),
          })
        : jsonError(401, "INVALID_CREDENTIALS", INVALID_CREDENTIALS);
    }
    const response = isForm ? redirectTo(next) : jsonOk({ ok: true, csrfToken: result.csrfToken });
    response.cookies.set(
      SESSION_COOKIE,
      result.token,
      sessionCookieOptions(request.headers.get("host"), result.expiresAt.getTime() - Date.now()),
    );
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}

/** Only paths inside the dashboard (no open redirect). */
function safeNextPath(next: unknown): string {
  return typeof next === "string" && /^\/admin(\/|$)/.test(next) && !next.startsWith("/admin/login") ? next : "/admin/conversations";
}

/** 303 so the browser follows with a GET; relative to the Host the browser used. */
function redirectTo(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
}
