import { describe, expect, it } from "vitest";
import { businessTimeZone, loadScenarios, parseScenario, resolveDates } from "./load";

describe("scenario files", () => {
  it("all validate, with unique ids, at least 40 of them, on every channel", () => {
    const scenarios = loadScenarios();
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
    expect(new Set(scenarios.map((s) => s.channel))).toEqual(new Set(["chat", "web", "phone"]));
    expect(scenarios.filter((s) => s.ci).length).toBeGreaterThan(0);
  });

  it("takes relative dates in the business profile's time zone", () => {
    expect(businessTimeZone()).toMatch(/^[A-Za-z_]+\/[A-Za-z_]+$|^UTC$/);
  });

  it("rejects an unknown field, naming the file", () => {
    expect(() => parseScenario(JSON.stringify({ channel: "chat", persona: "p", turns: [{ user: "hi", expect: { sayz: ["x"] } }] }), "bad")).toThrow(/bad\.json/);
  });

  it("rejects an interruption in chat", () => {
    expect(() => parseScenario(JSON.stringify({ channel: "chat", persona: "p", turns: [{ user: "hi", interrupt: true }] }), "x")).toThrow(/cannot interrupt/);
  });
});

describe("resolveDates", () => {
  // 2026-12-02 is a Wednesday; 23:30 UTC is already Thursday in Auckland.
  const now = new Date("2026-12-02T23:30:00Z");

  it("resolves today, offsets and next weekdays in the business's time zone", () => {
    expect(resolveDates({ d: "{today}", t: ["{today+1}"], n: 4 }, now, "UTC")).toEqual({ d: "2026-12-02", t: ["2026-12-03"], n: 4 });
    expect(resolveDates("{today}", now, "Pacific/Auckland")).toBe("2026-12-03");
    expect(resolveDates("{next:friday}", now, "UTC")).toBe("2026-12-04");
    // "next wednesday" on a Wednesday is a week ahead.
    expect(resolveDates("{next:wednesday}", now, "UTC")).toBe("2026-12-09");
  });

  it("crosses month ends", () => {
    expect(resolveDates("{next:monday}", new Date("2026-12-30T10:00:00Z"), "UTC")).toBe("2027-01-04");
  });
});
