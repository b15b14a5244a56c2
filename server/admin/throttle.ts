import { clearLoginFailures } from "../storage/admin/clear-login-failures";
import { countLoginFailures } from "../storage/admin/count-login-failures";
import { isKnownClient } from "../storage/admin/is-known-client";
import { recordLoginFailure } from "../storage/admin/record-login-failure";
import { rememberKnownClient } from "../storage/admin/remember-known-client";
import { authLimitRules, isLimited, KNOWN_CLIENT_MS, knownClientKey, LOGIN_WINDOW_MS, onlyAccountCapReached, type AuthVia, type LimitRule } from "./rate-limit";

/**
 * The stored side of rate-limit.ts: is this attempt allowed, and what a
 * failure or a success leaves behind.
 */
export interface Attempt {
  readonly via: AuthVia;
  readonly account: string;
  readonly client: string;
  readonly rules: LimitRule[];
}

export async function throttle(via: AuthVia, account: string, client: string, options: { knownDevice?: boolean } = {}): Promise<{ limited: boolean; attempt: Attempt }> {
  const rules = authLimitRules(via, account, client);
  const attempt = { via, account, client, rules };
  const failures = await countLoginFailures({ keys: rules.map((rule) => rule.key), since: new Date(Date.now() - LOGIN_WINDOW_MS) });
  if (!isLimited(rules, failures)) return { limited: false, attempt };
  if (onlyAccountCapReached(rules, failures)) {
    const known = options.knownDevice || (await isKnownClient({ key: knownClientKey(account, client), since: new Date(Date.now() - KNOWN_CLIENT_MS) }));
    if (known) return { limited: false, attempt };
  }
  return { limited: true, attempt };
}

export async function recordAuthFailure(attempt: Attempt): Promise<void> {
  const now = Date.now();
  await recordLoginFailure({
    keys: attempt.rules.map((rule) => rule.key),
    pruneBefore: new Date(now - LOGIN_WINDOW_MS),
    pruneKnownBefore: new Date(now - KNOWN_CLIENT_MS),
  });
}

/** Refreshed at most hourly per process: an API client authenticating on every request writes once. */
const recentlyKnown = new Map<string, number>();
const REFRESH_MS = 60 * 60 * 1000;

export async function recordAuthSuccess(attempt: Attempt): Promise<void> {
  // Only this client's pair is forgiven; the per-account counter keeps counting others' guesses.
  await clearLoginFailures({ keys: attempt.rules.slice(0, 1).map((rule) => rule.key) });
  const key = knownClientKey(attempt.account, attempt.client);
  if ((recentlyKnown.get(key) ?? 0) > Date.now() - REFRESH_MS) return;
  // Best effort: failing to remember a client must not fail the request that proved itself.
  await rememberKnownClient({ key }).then(
    () => recentlyKnown.set(key, Date.now()),
    () => undefined,
  );
  if (recentlyKnown.size > 10_000) recentlyKnown.clear();
}
