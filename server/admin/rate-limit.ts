/**
 * Login throttling policy. Failures are stored (LoginAttempt) so every web
 * process sees them; this file only decides. Two keys per attempt: the
 * email+client pair (stops guessing one account from one place) and the email
 * alone with a higher cap (stops guessing from many addresses, since a client
 * can claim any X-Forwarded-For), without letting one stranger lock the admin out.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;

export interface LimitRule {
  key: string;
  max: number;
}

export function loginLimitRules(email: string, clientIp: string): LimitRule[] {
  const account = email.trim().toLowerCase();
  return [
    { key: `login:${account}|${clientIp}`, max: 5 },
    { key: `login:${account}`, max: 50 },
  ];
}

/** Failed HTTP Basic attempts on the API, per client. */
export function basicAuthLimitRules(clientIp: string): LimitRule[] {
  return [{ key: `basic:${clientIp}`, max: 20 }];
}

/** True when any rule has reached its cap within the window. */
export function isLimited(rules: LimitRule[], failuresByKey: ReadonlyMap<string, number>): boolean {
  return rules.some((rule) => (failuresByKey.get(rule.key) ?? 0) >= rule.max);
}

/** The client address: the first X-Forwarded-For hop (Next sets it from the socket when absent). */
export function clientIpFrom(forwardedFor: string | null, realIp: string | null): string {
  const first = forwardedFor?.split(",")[0]?.trim();
  return first || realIp?.trim() || "unknown";
}
