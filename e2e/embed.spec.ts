import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { routeTokensToAgent } from "./support/explicit-dispatch";
import { fakeMicLaunchOptions, storedTurns } from "./support/voice";

/**
 * The widget on another website: a plain page served here on its own port
 * (another origin), with hostile CSS, that pastes the snippet. 127.0.0.1:<port>
 * is put on the embed allow-list (the dashboard setting, through the admin
 * API); localhost:<port> — the same page, another origin — is not.
 */
const APP = new URL(process.env.PUBLIC_URL ?? "http://127.0.0.1:3000").origin;
const EMAIL = process.env.ADMIN_EMAIL ?? "admin@example.com";
const PASSWORD = process.env.ADMIN_PASSWORD ?? "change-me-now";
const BASIC = { authorization: `Basic ${Buffer.from(`${EMAIL}:${PASSWORD}`).toString("base64")}` };
const ACCENT = "rgb(15, 118, 110)"; // data-color="#0f766e"

test.use({ launchOptions: fakeMicLaunchOptions("opening-hours-after-greeting.wav"), viewport: { width: 1280, height: 800 } });

function hostPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Harbor Shop</title>
<style>
  * { all: unset; }
  head, style, script, title { display: none; }
  html, body { display: block; margin: 0; padding: 24px; font: 18px/1.5 Georgia, serif; color: rgb(10, 20, 30); background: rgb(250, 240, 230); }
  h1 { display: block; font-size: 40px; color: rgb(200, 0, 100); }
  p { display: block; }
  button, iframe, div, svg, p { background: red !important; color: yellow !important; border: 5px dashed lime !important; font-size: 9px !important; }
  button { width: 10px !important; height: 10px !important; }
</style></head>
<body>
  <h1 id="title">Harbor Shop</h1>
  <p id="intro">Our beans, roasted by the harbour.</p>
  <button id="buy" type="button">Buy</button>
  <script src="${APP}/embed.js" data-agent="default" data-color="#0f766e" data-position="bottom-right" data-greeting="Hi! Ask Harbor Cafe anything." data-lang="en" async></script>
</body></html>`;
}

let server: Server;
let port = 0;
let previousOrigins: string[] = [];
const allowedSite = () => `http://127.0.0.1:${port}`;
const refusedSite = () => `http://localhost:${port}`;

function serveHostPage(req: IncomingMessage, res: ServerResponse): void {
  // A host site whose own policy gives the microphone to nobody, not even to frames it allows.
  const headers: Record<string, string> = { "content-type": "text/html; charset=utf-8" };
  if (req.url === "/no-mic") headers["permissions-policy"] = "microphone=()";
  res.writeHead(200, headers).end(hostPage());
}

function listen(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const candidate = createServer(serveHostPage);
    candidate.once("error", reject);
    candidate.listen({ port: 0, host, ipv6Only: false }, () => resolve(candidate));
  });
}

test.beforeAll(async ({ request }) => {
  // Both stacks when the machine has IPv6 (Chromium may try ::1 for localhost first), else IPv4 loopback.
  server = await listen("::").catch(() => listen("127.0.0.1"));
  port = (server.address() as AddressInfo).port;
  const current = await request.get("/api/admin/settings/embed", { headers: BASIC });
  expect(current.status()).toBe(200);
  previousOrigins = ((await current.json()) as { allowedOrigins: string[] }).allowedOrigins;
  const saved = await request.put("/api/admin/settings/embed", { headers: BASIC, data: { allowedOrigins: [...previousOrigins, allowedSite()] } });
  expect(saved.status()).toBe(200);
});

test.afterAll(async ({ request }) => {
  await request.put("/api/admin/settings/embed", { headers: BASIC, data: { allowedOrigins: previousOrigins } });
  await new Promise((resolve) => server?.close(resolve));
});

async function hostStyles(page: Page) {
  return page.evaluate(() => {
    const pick = (selector: string) => {
      const s = getComputedStyle(document.querySelector(selector)!);
      return { color: s.color, background: s.backgroundColor, font: s.fontFamily, size: s.fontSize, border: s.borderTopStyle, width: s.width };
    };
    return { title: pick("#title"), intro: pick("#intro"), buy: pick("#buy"), body: pick("body") };
  });
}

test("a site not on the allow-list is refused a token (403, the reason, no CORS) and its visitors are told in plain words", async ({ page, request }) => {
  const refused = await request.post("/api/token", { headers: { origin: refusedSite() }, data: {} });
  expect(refused.status()).toBe(403);
  expect(refused.headers()["access-control-allow-origin"]).toBeUndefined();
  const body = (await refused.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe("FORBIDDEN");
  expect(body.error.message).toContain(`${refusedSite()} is not allowed to embed this agent`);
  const preflight = await request.fetch("/api/token", { method: "OPTIONS", headers: { origin: refusedSite(), "access-control-request-method": "POST" } });
  expect(preflight.status()).toBe(403);
  expect(preflight.headers()["access-control-allow-origin"]).toBeUndefined();

  // The allowed site gets CORS for itself only.
  const allowedPreflight = await request.fetch("/api/token", { method: "OPTIONS", headers: { origin: allowedSite(), "access-control-request-method": "POST" } });
  expect(allowedPreflight.status()).toBe(204);
  expect(allowedPreflight.headers()["access-control-allow-origin"]).toBe(allowedSite());

  // Only allowed sites may frame the widget's page; the admin UI stays unframeable.
  const embedPage = await request.get("/embed");
  expect(embedPage.headers()["content-security-policy"]).toContain(`frame-ancestors 'self' ${allowedSite()}`);
  expect(embedPage.headers()["x-frame-options"]).toBeUndefined();
  const adminPage = await request.get("/admin/login");
  expect(adminPage.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(adminPage.headers()["x-frame-options"]).toBe("DENY");

  // In the browser: the refused page cannot read a token, and its launcher says why there is no widget.
  await page.goto(`${refusedSite()}/`);
  const fromPage = await page.evaluate(async (app) => {
    try {
      const response = await fetch(`${app}/api/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
      return `readable ${response.status}`;
    } catch {
      return "blocked by CORS";
    }
  }, APP);
  expect(fromPage).toBe("blocked by CORS");
  await page.getByTestId("embed-launcher").click();
  await expect(page.getByTestId("embed-unavailable")).toHaveText("The assistant isn't available on this website right now.");
  await expect(page.locator("iframe")).toHaveCount(0);
});

test("keyboard: the launcher is a labelled button, Enter opens the widget with the focus on the mic, Escape closes it and gives the focus back", async ({ page }) => {
  await page.goto(`${allowedSite()}/`);
  const launcher = page.getByTestId("embed-launcher");
  // The host's `button { … !important }` does not reach the launcher inside the shadow root.
  await expect(launcher).toHaveAttribute("aria-label", "Open the voice assistant");
  await expect(launcher).toHaveCSS("background-color", ACCENT);
  await expect(launcher).toHaveCSS("width", "56px");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(launcher).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(launcher).toHaveAttribute("aria-expanded", "true");
  await expect(launcher).toHaveAttribute("aria-label", "Close the voice assistant");
  const widget = page.frameLocator('iframe[title="Voice assistant"]');
  await expect(widget.getByTestId("mic-button")).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(launcher).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator("iframe")).toBeHidden();
  await expect(launcher).toBeFocused();
  // Opened again, the same widget (no second iframe), focus on the mic again; Escape on the launcher closes too.
  await page.keyboard.press("Enter");
  await expect(widget.getByTestId("mic-button")).toBeFocused();
  await expect(page.locator("iframe")).toHaveCount(1);
  await launcher.focus();
  await page.keyboard.press("Escape");
  await expect(page.locator("iframe")).toBeHidden();
});

test("the snippet on another site: a voice turn is answered in the embedded widget, the host page's styles are untouched, a network blip keeps the conversation", async ({ page, context }) => {
  test.setTimeout(180_000);
  await routeTokensToAgent(page);
  await page.goto(`${allowedSite()}/`);
  const launcher = page.getByTestId("embed-launcher");
  await expect(launcher).toBeVisible();
  const before = await hostStyles(page);
  expect(before.title.color).toBe("rgb(200, 0, 100)");
  expect(before.buy.background).toBe("rgb(255, 0, 0)");

  await launcher.click();
  const widget = page.frameLocator('iframe[title="Voice assistant"]');
  await expect(widget.getByTestId("widget-greeting")).toHaveText("Hi! Ask Harbor Cafe anything.");
  await expect(widget.getByTestId("agent-state")).toHaveText("idle");
  // The host's CSS does not reach into the iframe: the widget keeps its own look and the snippet's colour.
  await expect(widget.getByTestId("mic-button")).toHaveCSS("background-color", ACCENT);
  await expect(widget.getByTestId("mic-button")).toHaveCSS("width", "48px");

  const tokenResponse = page.waitForResponse((r) => r.url() === `${APP}/api/token` && r.request().method() === "POST");
  await widget.getByTestId("mic-button").click();
  const token = await tokenResponse;
  expect(token.status()).toBe(200);
  expect(JSON.parse(token.request().postData() ?? "{}")).toMatchObject({ embedOrigin: allowedSite(), agent: "default" });
  const { roomName } = (await token.json()) as { roomName: string };

  const transcript = widget.getByTestId("transcript");
  // The greeting's captions (on a loaded machine the question may cut it short: barge-in).
  await expect(transcript.locator('[data-role="agent"]').first()).toContainText(/\w/, { timeout: 45_000 });
  await expect(transcript.locator('[data-role="user"][data-final="true"]').filter({ hasText: "opening hours" }).first()).toBeVisible({ timeout: 60_000 });
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Monday to Friday" }).first()).toBeVisible({ timeout: 40_000 });
  await expect(widget.getByTestId("agent-state")).toHaveText(/listening|speaking|thinking/);
  await expect(widget.getByTestId("widget-problem")).toHaveCount(0);
  await page.screenshot({ path: "/tmp/embed-open.png" });

  // Nothing of the widget leaked into the host page, nor the host's CSS into the widget.
  expect(await hostStyles(page)).toEqual(before);
  await expect(widget.getByTestId("chat-send")).toHaveCSS("background-color", ACCENT);

  // Stored as an ordinary web conversation.
  await expect
    .poll(async () => (await storedTurns(roomName))?.turns.some((t) => t.role === "agent" && /Monday to Friday/.test(t.text)), { timeout: 30_000 })
    .toBe(true);
  expect((await storedTurns(roomName))?.channel).toBe("web");

  // A network blip inside the embed: LiveKit reconnects, a typed question is answered in the same room.
  await context.setOffline(true);
  await page.waitForTimeout(4_000);
  await context.setOffline(false);
  await expect(widget.getByTestId("agent-state")).not.toHaveText("idle", { timeout: 20_000 });
  await widget.getByTestId("chat-input").fill("where are you");
  await widget.getByTestId("chat-send").click();
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Harbor Street" }).first()).toBeVisible({ timeout: 40_000 });
  await expect
    .poll(async () => (await storedTurns(roomName))?.turns.some((t) => t.role === "user" && t.text === "where are you"), { timeout: 30_000 })
    .toBe(true);
  await expect(widget.getByTestId("widget-problem")).toHaveCount(0);

});

test("a page that gives nobody the microphone: the visitor is told in plain words, types instead, and a reload of the host page continues the conversation", async ({ page }) => {
  test.setTimeout(150_000);
  await routeTokensToAgent(page);
  await page.goto(`${allowedSite()}/no-mic`);
  await page.getByTestId("embed-launcher").click();
  const widget = page.frameLocator('iframe[title="Voice assistant"]');
  const firstToken = page.waitForResponse((r) => r.url() === `${APP}/api/token` && r.ok());
  await widget.getByTestId("mic-button").click();
  const { roomName } = (await (await firstToken).json()) as { roomName: string };
  await expect(widget.getByTestId("widget-problem")).toHaveAttribute("data-problem", "mic-denied", { timeout: 30_000 });
  await expect(widget.getByTestId("widget-problem")).toContainText("Your browser is blocking the microphone");
  // Still in the call: the agent's greeting arrives as captions, and a typed question is answered there.
  const transcript = widget.getByTestId("transcript");
  await expect(transcript.locator('[data-role="agent"]').first()).toContainText("Harbor Cafe", { timeout: 45_000 });
  await widget.getByTestId("chat-input").fill("where are you");
  await widget.getByTestId("chat-send").click();
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: "Harbor Street" }).first()).toBeVisible({ timeout: 40_000 });
  // Reload only once the answer is stored (a reply cut off by the reload is kept as far as it was heard).
  await expect
    .poll(async () => (await storedTurns(roomName))?.turns.some((t) => t.role === "agent" && /Harbor Street/.test(t.text)), { timeout: 30_000 })
    .toBe(true);

  // The loader reopens the panel by itself and the widget continues the same conversation (its resume ticket).
  const resumed = page.waitForResponse((r) => r.url() === `${APP}/api/token` && r.ok(), { timeout: 30_000 });
  await page.reload();
  const again = await resumed;
  expect(JSON.parse(again.request().postData() ?? "{}")).toMatchObject({ embedOrigin: allowedSite(), resume: expect.any(String) });
  expect(((await again.json()) as { resumed?: boolean }).resumed).toBe(true);
  // Replayed by the agent joining the new room.
  await expect(transcript.locator('[data-role="user"]').first()).toHaveText("where are you", { timeout: 45_000 });
  await expect(transcript.locator('[data-role="agent"]').filter({ hasText: /Welcome back/ }).first()).toBeVisible({ timeout: 45_000 });
  await widget.getByTestId("mic-button").click();
  await expect(widget.getByTestId("agent-state")).toHaveText("idle");
});
