import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { embedAllowList } from "@/server/http/embed-access";
import { securityHeaders } from "@/server/http/security-headers";

/**
 * Every page and API response gets the security headers (CSP with a
 * per-request script nonce, framing rules, HSTS behind TLS; see
 * server/http/security-headers.ts). Admin pages without a session cookie go
 * straight to the login page: the cheap first gate only — every admin page
 * validates the session itself (server/admin/require-admin-page.ts) and every
 * admin API is wrapped in withAdmin.
 */
export function proxy(request: NextRequest) {
  const config = env();
  const { pathname, search } = request.nextUrl;
  const admin = pathname === "/admin" || pathname.startsWith("/admin/") || pathname.startsWith("/api/admin/");
  const nonce = btoa(crypto.randomUUID());
  const headers = securityHeaders({
    nonce,
    livekitUrl: config.LIVEKIT_PUBLIC_URL ?? config.LIVEKIT_URL,
    // X-Forwarded-Proto is ours or a trusted proxy's (server/web/server.ts drops a client's own).
    secure: request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:",
    admin,
    development: config.NODE_ENV === "development",
    // The widget's page inside another website's iframe (public/embed.js): only the allow-listed sites may frame it.
    ...(pathname === "/embed" ? { embedAncestors: embedAllowList() } : {}),
  });

  let response: NextResponse;
  if (admin && !pathname.startsWith("/api/") && pathname !== "/admin/login" && !request.cookies.has("admin_session")) {
    const login = new URL("/admin/login", request.url);
    login.searchParams.set("next", pathname + search);
    response = NextResponse.redirect(login);
  } else {
    // Next.js reads the nonce from the request's CSP and puts it on its own scripts.
    const forwarded = new Headers(request.headers);
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
    forwarded.set("x-nonce", nonce);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the build's static files (hashed, immutable, no HTML).
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
