import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { checkMutation } from "@/server/admin/csrf";
import { DEVICE_COOKIE, DEVICE_TTL_MS } from "@/server/admin/device-token";
import { errorResponse, jsonError, jsonOk } from "@/server/admin/http";
import { INVALID_CREDENTIALS, loginAdmin } from "@/server/admin/login";
import { cookieIsSecure, SESSION_COOKIE, sessionCookieOptions } from "@/server/admin/session-token";
import { readBodyText } from "@/server/http/read-body";
import { requestClient } from "@/server/http/request-client";

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
    const raw = await readBodyText(request, MAX_LOGIN_BODY_BYTES);
    const body: unknown = isForm ? Object.fromEntries(new URLSearchParams(raw)) : parseJsonOrNull(raw);
    const credentials = credentialsSchema.safeParse(body);
    const next = safeNextPath(isForm ? (body as Record<string, unknown>).next : undefined);
    const back = (error: string) => redirectTo(`/admin/login?${new URLSearchParams({ error, next }).toString()}`);
    if (!credentials.success) return isForm ? back("invalid") : jsonError(400, "BAD_REQUEST", "email and password are required");

    const result = await loginAdmin({ ...credentials.data, client: requestClient(request.headers), device: request.cookies.get(DEVICE_COOKIE)?.value });
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
    // Sent back only to this route: it lets this browser past the account's overall failure cap.
    response.cookies.set(DEVICE_COOKIE, result.deviceToken, {
      httpOnly: true,
      sameSite: "strict",
      secure: cookieIsSecure(request.headers.get("host")),
      path: "/api/admin/login",
      maxAge: Math.floor(DEVICE_TTL_MS / 1000),
    });
    return response;
  } catch (error) {
    return errorResponse(error);
  }
}

/** Email, password and a `next` path fit easily; anything bigger is refused before it is parsed. */
const MAX_LOGIN_BODY_BYTES = 8 * 1024;

function parseJsonOrNull(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
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
