import { type NextRequest, type NextResponse } from "next/server";
import { authenticateAdmin, type AdminPrincipal } from "./auth";
import { errorResponse, jsonError } from "./http";
import { SESSION_COOKIE } from "./session-token";

export interface AdminRouteContext<Params> {
  principal: AdminPrincipal;
  params: Params;
}

type Handler<Params> = (request: NextRequest, context: AdminRouteContext<Params>) => Promise<NextResponse | Response>;

/**
 * Wraps every /api/admin/* handler: authenticates (session cookie + CSRF on
 * mutations, or HTTP Basic), then maps any thrown error to JSON. A route that
 * is not wrapped is caught by e2e/admin-auth.spec.ts.
 */
export function withAdmin<Params = Record<string, never>>(handler: Handler<Params>) {
  return async (request: NextRequest, context: { params: Promise<Params> }): Promise<Response> => {
    try {
      const sessionToken = request.cookies.get(SESSION_COOKIE)?.value;
      const auth = await authenticateAdmin({ method: request.method, headers: request.headers, sessionToken });
      if (!auth.ok) {
        const headers: Record<string, string> = {};
        // Invite Basic only from API clients; a browser with a (stale) session would pop a native dialog.
        if (auth.status === 401 && !sessionToken) headers["WWW-Authenticate"] = 'Basic realm="admin", charset="UTF-8"';
        if (auth.status === 429) headers["Retry-After"] = "900";
        const code = auth.status === 401 ? "UNAUTHORIZED" : auth.status === 403 ? "FORBIDDEN" : "RATE_LIMITED";
        return jsonError(auth.status, code, auth.reason, headers);
      }
      return await handler(request, { principal: auth.principal, params: await context.params });
    } catch (error) {
      return errorResponse(error);
    }
  };
}
