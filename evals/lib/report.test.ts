import { describe, expect, it } from "vitest";
import type { ScenarioResult } from "./play";
import { percent, renderReport, score } from "./report";

const result = (id: string, channel: ScenarioResult["channel"], mode: ScenarioResult["mode"], passed: boolean): ScenarioResult => ({
  id,
  channel,
  tags: ["hours"],
  mode,
  passed,
  turns: [{ user: "when do you close", heardAs: channel === "chat" ? undefined : "when do you clothes", answer: "We are open…", intents: [], tools: [], failures: passed ? [] : ['answer lacks "six"'] }],
  finalFailures: [],
  durationMs: 1,
});

describe("renderReport", () => {
  const results = [result("a", "chat", "offline", true), result("b", "web", "offline", false), result("a", "chat", "llm", true), result("b", "web", "llm", true)];
  const report = renderReport(results, {
    startedAt: new Date("2026-12-02T00:00:00Z"),
    target: "http://127.0.0.1:3000",
    modes: [
      { mode: "offline", label: "offline" },
      { mode: "llm", label: "LLM (scripted)" },
    ],
    ci: false,
    notes: [],
  });

  it("scores each mode overall and per channel", () => {
    expect(report).toContain("| **overall** | 50 % (1/2) | 100 % (2/2) |");
    expect(report).toContain("| web voice | 0 % (0/1) | 100 % (1/1) |");
    expect(report).toContain("| phone | — | — |");
    expect(report).toContain("| b | web | **fail** (turn 1) | pass |");
  });

  it("shows the failing turn with what was recognised and said", () => {
    expect(report).toContain("### b (web, offline)");
    expect(report).toContain("recognised as: when do you clothes");
    expect(report).toContain('✗ answer lacks "six"');
  });

  it("percent and score", () => {
    expect(percent(score(results))).toBe("75 % (3/4)");
    expect(percent({ passed: 0, total: 0 })).toBe("—");
  });
});
