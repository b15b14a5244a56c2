import bcrypt from "bcryptjs";
import { createAdminSession } from "../storage/admin/create-admin-session";
import { ensureAdminUser } from "../storage/admin/ensure-admin";
import { findAdminByEmail } from "../storage/admin/find-admin-by-email";
import { deviceToken, deviceTokenValid } from "./device-token";
import { LOGIN_WINDOW_MS } from "./rate-limit";
import { recordAuthFailure, recordAuthSuccess, throttle } from "./throttle";

/** Compared against when the email is unknown, so both failures cost the same time. */
const DUMMY_HASH = "$2b$12$jfHfuAomoN3BKFLpxUCTueAVDgSG3Pucj2gXc0pbvgQTU0Oh.I9Ai";

/** The one message for every wrong-credential case: it must not reveal which part was wrong. */
export const INVALID_CREDENTIALS = "Invalid email or password.";

export type LoginResult =
  | { ok: true; token: string; csrfToken: string; expiresAt: Date; deviceToken: string }
  | { ok: false; reason: "invalid" | "rate_limited"; retryAfterSeconds?: number };

/**
 * Checks credentials with throttling and opens a session. Never says which
 * part was wrong. `client` is the address our proxies vouch for; `device` the
 * browser's device cookie, which lets a browser that logged in before past the
 * account's overall failure cap.
 */
export async function loginAdmin(options: { email: string; password: string; client: string; device?: string }): Promise<LoginResult> {
  await ensureAdminUser();
  const user = await findAdminByEmail({ email: options.email });
  const knownDevice = user !== null && deviceTokenValid(options.device, user);
  const { limited, attempt } = await throttle("login", options.email, options.client, { knownDevice });
  if (limited) return { ok: false, reason: "rate_limited", retryAfterSeconds: LOGIN_WINDOW_MS / 1000 };
  const passwordOk = await bcrypt.compare(options.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !passwordOk) {
    await recordAuthFailure(attempt);
    return { ok: false, reason: "invalid" };
  }
  await recordAuthSuccess(attempt);
  const session = await createAdminSession({ userId: user.id });
  return { ok: true, ...session, deviceToken: deviceToken(user) };
}
