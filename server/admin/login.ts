import bcrypt from "bcryptjs";
import { clearLoginFailures } from "../storage/admin/clear-login-failures";
import { countLoginFailures } from "../storage/admin/count-login-failures";
import { createAdminSession } from "../storage/admin/create-admin-session";
import { ensureAdminUser } from "../storage/admin/ensure-admin";
import { findAdminByEmail } from "../storage/admin/find-admin-by-email";
import { recordLoginFailure } from "../storage/admin/record-login-failure";
import { isLimited, LOGIN_WINDOW_MS, loginLimitRules } from "./rate-limit";

/** Compared against when the email is unknown, so both failures cost the same time. */
const DUMMY_HASH = "$2b$12$jfHfuAomoN3BKFLpxUCTueAVDgSG3Pucj2gXc0pbvgQTU0Oh.I9Ai";

/** The one message for every wrong-credential case: it must not reveal which part was wrong. */
export const INVALID_CREDENTIALS = "Invalid email or password.";

export type LoginResult =
  | { ok: true; token: string; csrfToken: string; expiresAt: Date }
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

/** Checks credentials with throttling and opens a session. Never says which part was wrong. */
export async function loginAdmin(options: { email: string; password: string; clientIp: string }): Promise<LoginResult> {
  await ensureAdminUser();
  const rules = loginLimitRules(options.email, options.clientIp);
  const keys = rules.map((rule) => rule.key);
  const since = new Date(Date.now() - LOGIN_WINDOW_MS);
  if (isLimited(rules, await countLoginFailures({ keys, since }))) {
    return { ok: false, reason: "rate_limited", retryAfterSeconds: LOGIN_WINDOW_MS / 1000 };
  }
  const user = await findAdminByEmail({ email: options.email });
  const passwordOk = await bcrypt.compare(options.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !passwordOk) {
    await recordLoginFailure({ keys, pruneBefore: since });
    return { ok: false, reason: "invalid" };
  }
  // Only this client's pair is forgiven; the per-account counter keeps counting others' guesses.
  await clearLoginFailures({ keys: keys.slice(0, 1) });
  const session = await createAdminSession({ userId: user.id });
  return { ok: true, ...session };
}
