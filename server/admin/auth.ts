import { env } from "../env";
import { requestClient } from "../http/request-client";
import { ensureAdminUser } from "../storage/admin/ensure-admin";
import { findAdminSession } from "../storage/admin/find-admin-session";
import { basicCredentialsMatch, parseBasicAuth } from "./basic-auth";
import { checkMutation } from "./csrf";
import { recordAuthFailure, recordAuthSuccess, throttle } from "./throttle";

export type AdminPrincipal =
  | { via: "session"; userId: string; email: string; csrfToken: string }
  | { via: "basic"; email: string };

export type AuthResult =
  | { ok: true; principal: AdminPrincipal }
  | { ok: false; status: 401 | 403 | 429; reason: string };

/** What authentication needs from a request, whatever framework carried it. */
export interface AdminRequestView {
  method: string;
  headers: Headers;
  /** The session cookie's value, if sent. */
  sessionToken?: string;
}

/**
 * The one authentication check for admin APIs: a session cookie (plus CSRF
 * token on mutations) or HTTP Basic with the admin credentials from env.
 */
export async function authenticateAdmin(request: AdminRequestView): Promise<AuthResult> {
  const { headers } = request;
  const basic = parseBasicAuth(headers.get("authorization"));
  const mutation = {
    method: request.method,
    origin: headers.get("origin"),
    host: headers.get("host"),
    forwardedHost: headers.get("x-forwarded-host"),
    csrfHeader: headers.get("x-csrf-token"),
  };

  if (basic) {
    // Limited per client (as our proxies vouch for it), per account, and per account from anywhere
    // except clients the account already logged in from (server/admin/rate-limit.ts).
    const { limited, attempt } = await throttle("basic", basic.user, requestClient(headers));
    if (limited) return { ok: false, status: 429, reason: "too many failed attempts; try again later" };
    const { ADMIN_EMAIL, ADMIN_PASSWORD } = env();
    if (!basicCredentialsMatch(basic, { user: ADMIN_EMAIL, password: ADMIN_PASSWORD })) {
      await recordAuthFailure(attempt);
      return { ok: false, status: 401, reason: "invalid credentials" };
    }
    await recordAuthSuccess(attempt);
    const refused = checkMutation(mutation);
    if (refused) return { ok: false, status: 403, reason: refused };
    return { ok: true, principal: { via: "basic", email: ADMIN_EMAIL } };
  }

  if (request.sessionToken) {
    // A changed ADMIN_PASSWORD ends the sessions opened under the old one.
    await ensureAdminUser();
    const session = await findAdminSession({ token: request.sessionToken });
    if (!session) return { ok: false, status: 401, reason: "session expired; log in again" };
    const refused = checkMutation({ ...mutation, sessionCsrfToken: session.csrfToken });
    if (refused) return { ok: false, status: 403, reason: refused };
    return {
      ok: true,
      principal: { via: "session", userId: session.userId, email: session.email, csrfToken: session.csrfToken },
    };
  }

  return { ok: false, status: 401, reason: "authentication required" };
}
