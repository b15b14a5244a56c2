import { describe, expect, it } from "vitest";
import { basicCredentialsMatch, parseBasicAuth } from "./basic-auth";
import { conversationFiltersSchema, encodeCursor, filtersInput } from "./conversation-filters";
import { checkMutation, originMatchesHost } from "./csrf";
import { clientAddressFrom, normaliseAddress, trustedProxies } from "../http/client-address";
import { deviceToken, deviceTokenValid } from "./device-token";
import { authLimitRules, isLimited, knownClientKey, onlyAccountCapReached } from "./rate-limit";
import { cookieIsSecure, generateToken, hashToken, sessionCookieOptions } from "./session-token";

describe("session tokens and cookies", () => {
  it("makes distinct 256-bit tokens and stores only a sha256 hex", () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
  });

  it("is Secure except on plain local hosts", () => {
    expect(cookieIsSecure("localhost:3000")).toBe(false);
    expect(cookieIsSecure("127.0.0.1:3000")).toBe(false);
    expect(cookieIsSecure("[::1]:3000")).toBe(false);
    expect(cookieIsSecure("admin.example.com")).toBe(true);
    expect(cookieIsSecure("localhost.evil.com")).toBe(true);
    expect(cookieIsSecure(null)).toBe(true);
    expect(sessionCookieOptions("example.com")).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
  });
});

describe("CSRF check", () => {
  const base = { host: "app.example.com", csrfHeader: null, origin: "https://app.example.com" };

  it("lets safe methods through", () => {
    expect(checkMutation({ ...base, method: "GET", origin: "https://evil.example", sessionCsrfToken: "t" })).toBeNull();
  });

  it("refuses a cross-origin mutation, whatever the credentials", () => {
    expect(checkMutation({ ...base, method: "POST", origin: "https://evil.example" })).toMatch(/cross-origin/);
    expect(checkMutation({ ...base, method: "DELETE", origin: "null", sessionCsrfToken: "t", csrfHeader: "t" })).toMatch(/cross-origin/);
  });

  it("needs the session's token (and an Origin) on cookie-authenticated mutations", () => {
    expect(checkMutation({ ...base, method: "POST", sessionCsrfToken: "token" })).toMatch(/CSRF/);
    expect(checkMutation({ ...base, method: "POST", sessionCsrfToken: "token", csrfHeader: "other" })).toMatch(/CSRF/);
    expect(checkMutation({ ...base, method: "POST", sessionCsrfToken: "token", csrfHeader: "token" })).toBeNull();
    expect(checkMutation({ ...base, method: "POST", origin: null, sessionCsrfToken: "token", csrfHeader: "token" })).toMatch(/Origin/);
  });

  it("lets a Basic-authenticated API client without Origin mutate", () => {
    expect(checkMutation({ ...base, method: "POST", origin: null })).toBeNull();
  });

  it("compares Origin with the forwarded host behind a proxy", () => {
    expect(checkMutation({ ...base, method: "POST", host: "127.0.0.1:3000", forwardedHost: "app.example.com" })).toBeNull();
    expect(originMatchesHost("not a url", "x")).toBe(false);
  });
});

describe("login rate limit", () => {
  it("caps failures per account and client, per client, and per account overall", () => {
    const rules = authLimitRules("login", " Admin@Example.com ", "10.0.0.1");
    expect(rules.map((r) => r.key)).toEqual(["login:admin@example.com|10.0.0.1", "login-client:10.0.0.1", "account:admin@example.com"]);
    expect(isLimited(rules, new Map([["login:admin@example.com|10.0.0.1", 4]]))).toBe(false);
    expect(isLimited(rules, new Map([["login:admin@example.com|10.0.0.1", 5]]))).toBe(true);
    expect(isLimited(rules, new Map([["login-client:10.0.0.1", 30]]))).toBe(true);
    expect(isLimited(rules, new Map([["account:admin@example.com", 30]]))).toBe(true);
  });

  it("counts HTTP Basic failures the same way, against the same account counter as the form", () => {
    expect(authLimitRules("basic", "admin@example.com", "10.0.0.1").map((r) => r.key)).toEqual(["basic:admin@example.com|10.0.0.1", "basic-client:10.0.0.1", "account:admin@example.com"]);
  });

  it("does not let strangers lock the administrator out: a known client is held to its own per-pair cap only", () => {
    const rules = authLimitRules("login", "admin@example.com", "10.0.0.1");
    const strangersGuessed = new Map([["account:admin@example.com", 500], ["login-client:10.0.0.1", 500]]);
    expect(isLimited(rules, strangersGuessed, true)).toBe(false);
    expect(onlyAccountCapReached(rules, strangersGuessed)).toBe(true);
    // Its own failures still count.
    expect(isLimited(rules, new Map([...strangersGuessed, ["login:admin@example.com|10.0.0.1", 5]]), true)).toBe(true);
    expect(knownClientKey("Admin@Example.com", "10.0.0.1")).toBe("known:admin@example.com|10.0.0.1");
  });

  it("issues device tokens that only the account's current password hash verifies", () => {
    const user = { id: "0b7c5a5e-2f0a-4d7e-9a53-8a1f0f1b2c3d", passwordHash: "$2b$12$abcdefghijklmnopqrstuv" };
    const token = deviceToken(user, 1_000);
    expect(deviceTokenValid(token, user, 2_000)).toBe(true);
    expect(deviceTokenValid(token, { ...user, passwordHash: "$2b$12$changedchangedchanged" }, 2_000)).toBe(false);
    expect(deviceTokenValid(token, { ...user, id: "other" }, 2_000)).toBe(false);
    expect(deviceTokenValid(token, user, 1_000 + 31 * 24 * 3600 * 1000)).toBe(false);
    expect(deviceTokenValid(`${token}x`, user, 2_000)).toBe(false);
    expect(deviceTokenValid(undefined, user)).toBe(false);
  });
});

describe("client address", () => {
  const none = trustedProxies([]);

  it("is the socket address the web server put in X-Forwarded-For when no proxy is trusted", () => {
    expect(clientAddressFrom("::ffff:127.0.0.5", none)).toBe("127.0.0.5");
    expect(clientAddressFrom(null, none)).toBe("unknown");
    expect(clientAddressFrom("not an address", none)).toBe("unknown");
  });

  it("believes only hops added by trusted proxies: a forged left-most entry is ignored", () => {
    const proxies = trustedProxies(["10.0.0.0/8", "::1"]);
    expect(clientAddressFrom("203.0.113.9", proxies)).toBe("203.0.113.9");
    // The client claimed 1.2.3.4; our proxy (10.0.0.2) appended the address it really saw.
    expect(clientAddressFrom("1.2.3.4, 198.51.100.7, 10.0.0.2", proxies)).toBe("198.51.100.7");
    expect(clientAddressFrom("1.2.3.4, 198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(clientAddressFrom("10.1.1.1, 10.0.0.2", proxies)).toBe("10.1.1.1");
    expect(proxies.has("::ffff:10.9.9.9")).toBe(true);
    expect(proxies.has("11.0.0.1")).toBe(false);
  });

  it("normalises mapped, bracketed and ported addresses, and refuses a bad TRUSTED_PROXY entry", () => {
    expect(normaliseAddress("[::1]:3000")).toBe("::1");
    expect(normaliseAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normaliseAddress(" ::FFFF:192.0.2.1 ")).toBe("192.0.2.1");
    expect(() => trustedProxies(["proxy.example.com"])).toThrow(/not an IP address/);
    expect(() => trustedProxies(["10.0.0.0/33"])).toThrow(/prefix/);
  });
});

describe("HTTP Basic", () => {
  const header = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;

  it("parses user and password (passwords may contain colons)", () => {
    expect(parseBasicAuth(header("a@b.c:p:w"))).toEqual({ user: "a@b.c", password: "p:w" });
    expect(parseBasicAuth("Bearer x")).toBeNull();
    expect(parseBasicAuth(header("no-colon"))).toBeNull();
    expect(parseBasicAuth(null)).toBeNull();
  });

  it("matches the email case-insensitively and the password exactly", () => {
    const expected = { user: "admin@example.com", password: "change-me-now" };
    expect(basicCredentialsMatch({ user: "ADMIN@example.com", password: "change-me-now" }, expected)).toBe(true);
    expect(basicCredentialsMatch({ user: "admin@example.com", password: "Change-me-now" }, expected)).toBe(false);
  });
});

describe("conversation filters", () => {
  const parse = (query: string) => conversationFiltersSchema.safeParse(filtersInput(new URLSearchParams(query)));

  it("defaults and ignores empty form fields", () => {
    const result = parse("channel=&q=&page=");
    expect(result.success && result.data).toMatchObject({ page: 1, pageSize: 50 });
    expect(result.data?.channel).toBeUndefined();
    expect(result.data?.q).toBeUndefined();
  });

  it("makes a date-only `to` include that whole day", () => {
    const result = parse("from=2026-01-01&to=2026-01-01");
    expect(result.success && result.data.to?.toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });

  it("rejects bad values with the parameter named", () => {
    for (const [query, path] of [["channel=fax", "channel"], ["page=-1", "page"], ["pageSize=201", "pageSize"], ["from=soon", "from"], ["cursor=abc", "cursor"]]) {
      const result = parse(query!);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path[0]).toBe(path);
    }
  });

  it("round-trips a cursor", () => {
    const cursor = { direction: "older" as const, startedAt: new Date("2026-03-04T05:06:07.089Z"), id: "0b7c5a5e-2f0a-4d7e-9a53-8a1f0f1b2c3d" };
    const result = parse(`cursor=${encodeCursor(cursor)}`);
    expect(result.success && result.data.cursor).toEqual(cursor);
  });
});
