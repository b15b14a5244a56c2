import { describe, expect, it } from "vitest";
import { corsHeaders, embedVerdict, invalidOriginPatterns, isOriginAllowed, normaliseOriginPattern } from "./embed-origins";

const own = ["http://127.0.0.1:3000"];

describe("embed origin allow-list", () => {
  it("normalises entries and refuses what is not an origin", () => {
    expect(normaliseOriginPattern(" HTTPS://Shop.Example.com/ ")).toBe("https://shop.example.com");
    expect(normaliseOriginPattern("https://shop.example.com:443")).toBe("https://shop.example.com");
    expect(normaliseOriginPattern("https://*.example.com")).toBe("https://*.example.com");
    expect(invalidOriginPatterns(["https://ok.example", "https://ok.example/page", "ftp://x.example", "shop.example.com", "null", "https://a*.example.com"])).toEqual([
      "https://ok.example/page",
      "ftp://x.example",
      "shop.example.com",
      "null",
      "https://a*.example.com",
    ]);
  });

  it("matches scheme, host and port exactly; a wildcard covers subdomains only", () => {
    const list = ["http://127.0.0.1:8080", "https://*.example.com"];
    expect(isOriginAllowed("http://127.0.0.1:8080", list)).toBe(true);
    expect(isOriginAllowed("http://localhost:8080", list)).toBe(false);
    expect(isOriginAllowed("http://127.0.0.1:8081", list)).toBe(false);
    expect(isOriginAllowed("https://127.0.0.1:8080", list)).toBe(false);
    expect(isOriginAllowed("https://shop.example.com", list)).toBe(true);
    expect(isOriginAllowed("https://a.b.example.com", list)).toBe(true);
    expect(isOriginAllowed("https://example.com", list)).toBe(false);
    expect(isOriginAllowed("http://shop.example.com", list)).toBe(false);
    expect(isOriginAllowed("https://evilexample.com", list)).toBe(false);
    expect(isOriginAllowed("https://shop.example.com.evil.net", list)).toBe(false);
    expect(isOriginAllowed("null", list)).toBe(false);
    expect(isOriginAllowed("http://127.0.0.1:8080", [])).toBe(false);
  });

  it("lets our own pages and server-side clients through, checks other sites", () => {
    expect(embedVerdict({ origin: null, own, allowed: [] })).toEqual({ kind: "own-site" });
    expect(embedVerdict({ origin: "http://127.0.0.1:3000", own, allowed: [] })).toEqual({ kind: "own-site" });
    // A direct cross-origin call is judged by the browser's Origin, whatever the body claims.
    expect(embedVerdict({ origin: "https://evil.example", embedOrigin: "https://shop.example", own, allowed: ["https://shop.example"] })).toMatchObject({
      kind: "refused",
      origin: "https://evil.example",
      reason: expect.stringContaining("EMBED_ALLOWED_ORIGINS"),
    });
    expect(embedVerdict({ origin: "https://shop.example", own, allowed: ["https://shop.example"] })).toEqual({
      kind: "allowed",
      origin: "https://shop.example",
      crossOrigin: true,
    });
    // Our iframe forwards the site that embeds it.
    expect(embedVerdict({ origin: "http://127.0.0.1:3000", embedOrigin: "https://shop.example", own, allowed: ["https://shop.example"] })).toEqual({
      kind: "allowed",
      origin: "https://shop.example",
      crossOrigin: false,
    });
    expect(embedVerdict({ origin: "http://127.0.0.1:3000", embedOrigin: "https://other.example", own, allowed: ["https://shop.example"] }).kind).toBe("refused");
    expect(embedVerdict({ origin: "null", own, allowed: ["https://shop.example"] }).kind).toBe("refused");
  });

  it("grants CORS to the one origin, never a wildcard", () => {
    expect(corsHeaders("https://shop.example")).toMatchObject({ "Access-Control-Allow-Origin": "https://shop.example", Vary: "Origin" });
  });
});
