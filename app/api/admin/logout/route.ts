import { jsonOk } from "@/server/admin/http";
import { SESSION_COOKIE, sessionCookieOptions } from "@/server/admin/session-token";
import { withAdmin } from "@/server/admin/with-admin";
import { deleteAdminSession } from "@/server/storage/admin/delete-admin-session";

export const dynamic = "force-dynamic";

/** POST /api/admin/logout (CSRF-checked by withAdmin) → ends the session and clears the cookie. */
export const POST = withAdmin(async (request) => {
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (token) await deleteAdminSession({ token });
  const response = jsonOk({ ok: true });
  response.cookies.set(SESSION_COOKIE, "", sessionCookieOptions(request.headers.get("host"), 0));
  return response;
});
