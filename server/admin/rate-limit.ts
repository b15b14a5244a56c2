/**
 * Login throttling policy, for the login form and HTTP Basic alike. Failures
 * are stored (LoginAttempt) so every web process sees them; this file only
 * decides. Three counters per failed attempt:
 * - the account from this client (few guesses at one account from one place;
 *   a success from the pair clears it);
 * - this client, whatever account (spraying, or flooding, from one place);
 * - the account from anywhere (guessing from many addresses).
 * A client the account already logged in from (its address within
 * KNOWN_CLIENT_MS, or the login form's device cookie) is held only to the
 * first, so strangers cannot lock the real administrator out.
 * The client is the address our own proxies vouch for (server/http/client-address.ts),
 * never a client-supplied X-Forwarded-For.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** How long a client an account logged in from stays exempt from that account's overall cap. */
export const KNOWN_CLIENT_MS = 30 * 24 * 60 * 60 * 1000;

export interface LimitRule {
  key: string;
  max: number;
  /** A rule a known client of the account is exempt from. */
  exemptKnown?: boolean;
}

export type AuthVia = "login" | "basic";

/** Lower case, trimmed, and bounded (it becomes part of a stored key). */
export function normaliseAccount(email: string): string {
  return email.trim().toLowerCase().slice(0, 320);
}

/** The counters a failed attempt on `account` from `client` adds to. */
export function authLimitRules(via: AuthVia, account: string, client: string): LimitRule[] {
  const who = normaliseAccount(account);
  return [
    // A person typing gets 5 tries; an API client (scripts retrying with a stale password) 20.
    { key: `${via}:${who}|${client}`, max: via === "login" ? 5 : 20 },
    { key: `${via}-client:${client}`, max: via === "login" ? 30 : 40, exemptKnown: true },
    { key: `account:${who}`, max: 30, exemptKnown: true },
  ];
}

/** The key that marks `client` as one `account` logged in from. */
export function knownClientKey(account: string, client: string): string {
  return `known:${normaliseAccount(account)}|${client}`;
}

/** True when a rule has reached its cap within the window (rules a known client is exempt from aside). */
export function isLimited(rules: LimitRule[], failuresByKey: ReadonlyMap<string, number>, knownClient = false): boolean {
  return rules.some((rule) => !(knownClient && rule.exemptKnown) && (failuresByKey.get(rule.key) ?? 0) >= rule.max);
}

/** Whether only caps a known client is exempt from are reached: worth asking if the client is known. */
export function onlyAccountCapReached(rules: LimitRule[], failuresByKey: ReadonlyMap<string, number>): boolean {
  return isLimited(rules, failuresByKey) && !isLimited(rules, failuresByKey, true);
}
