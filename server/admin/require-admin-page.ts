import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { ensureAdminUser } from "../storage/admin/ensure-admin";
import { findAdminSession, type AdminSessionInfo } from "../storage/admin/find-admin-session";
import { SESSION_COOKIE } from "./session-token";

/**
 * The session of the admin viewing a page, or a redirect to the login page.
 * Every admin page calls it (the layout alone is not enough: layouts are not
 * re-rendered on client navigation). Cached per request.
 */
export const requireAdminPage = cache(async (): Promise<AdminSessionInfo> => {
  // Once per process: a changed ADMIN_PASSWORD has ended the sessions opened under the old one.
  await ensureAdminUser();
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const session = token ? await findAdminSession({ token }) : null;
  if (!session) redirect("/admin/login");
  return session;
});
