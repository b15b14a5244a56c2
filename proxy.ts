import { NextResponse, type NextRequest } from "next/server";

/**
 * Admin pages without a session cookie go straight to the login page. This is
 * the cheap first gate only: every admin page validates the session itself
 * (server/admin/require-admin-page.ts) and every admin API is wrapped in withAdmin.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname === "/admin/login" || request.cookies.has("admin_session")) return NextResponse.next();
  const login = new URL("/admin/login", request.url);
  login.searchParams.set("next", pathname + search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/admin", "/admin/:path*"],
};
