import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, livekitOrigins, securityHeaders } from "./security-headers";

const base = { nonce: "bm9uY2U=", livekitUrl: "ws://127.0.0.1:7880", secure: false, admin: false, development: false };

describe("security headers", () => {
  it("allow scripts only by nonce, and LiveKit's signalling origin for connections", () => {
    const csp = contentSecurityPolicy(base);
    expect(csp).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:7880 http://127.0.0.1:7880");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(livekitOrigins("wss://lk.example.com/")).toEqual(["wss://lk.example.com", "https://lk.example.com"]);
  });

  it("never let the admin UI be framed; other pages only by this origin", () => {
    expect(securityHeaders({ ...base, admin: true })).toMatchObject({ "X-Frame-Options": "DENY" });
    expect(contentSecurityPolicy({ ...base, admin: true })).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy(base)).toMatch(/frame-ancestors 'self'(;|$)/);
  });

  it("let the allow-listed websites frame the embed page only, without X-Frame-Options", () => {
    const embed = securityHeaders({ ...base, embedAncestors: ["https://shop.example", "https://*.example.org"] });
    expect(embed["Content-Security-Policy"]).toContain("frame-ancestors 'self' https://shop.example https://*.example.org");
    expect(embed["X-Frame-Options"]).toBeUndefined();
    expect(securityHeaders({ ...base, admin: true, embedAncestors: ["https://shop.example"] })["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
  });

  it("send HSTS (and upgrade requests) only behind TLS", () => {
    expect(securityHeaders(base)["Strict-Transport-Security"]).toBeUndefined();
    const secure = securityHeaders({ ...base, secure: true, livekitUrl: "wss://lk.example.com" });
    expect(secure["Strict-Transport-Security"]).toMatch(/max-age=\d{8}/);
    expect(secure["Content-Security-Policy"]).toContain("upgrade-insecure-requests");
  });
});
