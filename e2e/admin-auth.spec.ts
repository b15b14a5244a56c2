import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { expect, test } from "@playwright/test";

/**
 * Every admin page and API route, found on disk, refuses an anonymous request:
 * a new route cannot be forgotten. The only exception is the login route itself.
 */
const EMAIL = process.env.ADMIN_EMAIL ?? "admin@example.com";
const PASSWORD = process.env.ADMIN_PASSWORD ?? "change-me-now";
const DUMMY_ID = "00000000-0000-4000-8000-000000000000";
const PUBLIC_API = new Set(["/api/admin/login"]);
const PUBLIC_PAGES = new Set(["/admin/login"]);

function filesNamed(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesNamed(path, name);
    return entry === name ? [path] : [];
  });
}

/** app/admin/(group)/conversations/[id]/page.tsx → /admin/conversations/<dummy id> */
function urlOf(file: string): string {
  const segments = relative("app", file).split(sep).slice(0, -1);
  const path = segments
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => (/^\[.*\]$/.test(segment) ? DUMMY_ID : segment))
    .join("/");
  return `/${path}`;
}

const pages = filesNamed(join("app", "admin"), "page.tsx").map(urlOf);
const apiRoutes = filesNamed(join("app", "api", "admin"), "route.ts").map((file) => ({
  url: urlOf(file),
  methods: [...readFileSync(file, "utf8").matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
}));

test.describe("admin auth", () => {
  test("the route tree was found", () => {
    expect(pages).toEqual(expect.arrayContaining(["/admin/conversations", `/admin/conversations/${DUMMY_ID}`, "/admin/live", "/admin/metrics"]));
    expect(apiRoutes.map((r) => r.url)).toEqual(expect.arrayContaining(["/api/admin/conversations", `/api/admin/conversations/${DUMMY_ID}`]));
  });

  for (const url of pages.filter((p) => !PUBLIC_PAGES.has(p))) {
    test(`page ${url} redirects an anonymous visitor to the login page`, async ({ request }) => {
      const response = await request.get(url, { maxRedirects: 0 });
      expect([302, 303, 307, 308]).toContain(response.status());
      expect(response.headers()["location"]).toMatch(/\/admin\/login/);
    });

    test(`page ${url} rejects a forged session cookie`, async ({ request }) => {
      const response = await request.get(url, { maxRedirects: 0, headers: { cookie: `admin_session=${randomUUID()}` } });
      // A redirect (from the page's own check) either as a status or as Next's in-stream redirect.
      if (response.status() === 200) expect(await response.text()).toContain("/admin/login");
      else expect([302, 303, 307, 308]).toContain(response.status());
    });
  }

  for (const { url, methods } of apiRoutes.filter((r) => !PUBLIC_API.has(r.url))) {
    for (const method of methods) {
      test(`${method} ${url} answers 401 without credentials, with a forged cookie and with a wrong password`, async ({ request }) => {
        const anonymous = await request.fetch(url, { method, maxRedirects: 0 });
        expect(anonymous.status()).toBe(401);
        const forged = await request.fetch(url, { method, maxRedirects: 0, headers: { cookie: `admin_session=${randomUUID()}` } });
        expect(forged.status()).toBe(401);
        const wrong = await request.fetch(url, {
          method,
          maxRedirects: 0,
          headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:not-the-password`).toString("base64")}` },
        });
        // 429 once this client has failed too often (rate limit on Basic); refused either way.
        expect([401, 429]).toContain(wrong.status());
      });
    }
  }

  test("the Admin API accepts HTTP Basic with the admin credentials", async ({ request }) => {
    const auth = { authorization: `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString("base64")}` };
    const list = await request.get("/api/admin/conversations?pageSize=5", { headers: auth });
    expect(list.status()).toBe(200);
    const body = (await list.json()) as { conversations: unknown[] };
    expect(Array.isArray(body.conversations)).toBe(true);
    expect((await request.get(`/api/admin/conversations/${DUMMY_ID}`, { headers: auth })).status()).toBe(404);
    expect((await request.get("/api/admin/conversations/not-a-uuid", { headers: auth })).status()).toBe(400);
  });

  test("bad filters and page numbers are a 400 with a reason", async ({ request }) => {
    const auth = { authorization: `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString("base64")}` };
    for (const [query, reason] of [
      ["channel=fax", /channel/],
      ["outcome=maybe", /outcome/],
      ["page=0", /page/],
      ["page=abc", /page/],
      ["pageSize=1000", /pageSize/],
      ["from=yesterday", /from/],
      ["from=2026-02-10&to=2026-02-01", /before/],
      ["cursor=bogus", /cursor/],
    ] as const) {
      const response = await request.get(`/api/admin/conversations?${query}`, { headers: auth });
      expect(response.status(), query).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message, query).toMatch(reason);
    }
    expect((await request.get("/api/admin/metrics?days=0", { headers: auth })).status()).toBe(400);
  });

  test("a wrong password and an unknown email get the same generic error", async ({ page }) => {
    await page.goto("/admin/login");
    const messages: string[] = [];
    for (const [email, password] of [
      [EMAIL, "not-the-password"],
      [`nobody-${randomUUID().slice(0, 8)}@example.com`, PASSWORD],
    ]) {
      await page.getByLabel("Email").fill(email!);
      await page.getByLabel("Password").fill(password!);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByTestId("login-error")).toBeVisible();
      messages.push((await page.getByTestId("login-error").textContent()) ?? "");
      await page.goto("/admin/login");
    }
    expect(messages[0]).toBe("Invalid email or password.");
    expect(messages[1]).toBe(messages[0]);
  });

  test("repeated failed logins are rate limited", async ({ request }) => {
    const email = `guess-${randomUUID().slice(0, 8)}@example.com`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await request.post("/api/admin/login", { data: { email, password: `guess-${i}` } })).status());
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
  });

  test("mutations need the session's CSRF token and a same-site Origin", async ({ request, baseURL }) => {
    const login = await request.post("/api/admin/login", { data: { email: EMAIL, password: PASSWORD }, headers: { origin: baseURL! } });
    expect(login.status()).toBe(200);
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    expect((await request.get("/api/admin/conversations?pageSize=1")).status()).toBe(200);
    expect((await request.post("/api/admin/logout", { headers: { origin: baseURL! } })).status()).toBe(403);
    expect((await request.post("/api/admin/logout", { headers: { origin: "https://evil.example", "x-csrf-token": csrfToken } })).status()).toBe(403);
    expect((await request.post("/api/admin/logout", { headers: { origin: baseURL!, "x-csrf-token": csrfToken } })).status()).toBe(200);
    expect((await request.get("/api/admin/conversations?pageSize=1")).status()).toBe(401);
  });
});
