import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { z } from "zod";
import { scenarioSchema, type Scenario } from "./schema";

export const SCENARIO_DIR = join(process.cwd(), "evals", "scenarios");

/** Every scenario file, validated; a bad file fails the whole run naming the file and the field. */
export function loadScenarios(dir = SCENARIO_DIR): Scenario[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  const scenarios = files.map((file) => parseScenario(readFileSync(join(dir, file), "utf8"), basename(file, ".json")));
  const seen = new Set<string>();
  for (const s of scenarios) {
    if (seen.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
    seen.add(s.id);
  }
  return scenarios;
}

export function parseScenario(json: string, fallbackId: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new Error(`evals/scenarios/${fallbackId}.json: not JSON (${(error as Error).message})`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`evals/scenarios/${fallbackId}.json: ${z.prettifyError(parsed.error)}`);
  const scenario = { ...parsed.data, id: parsed.data.id ?? fallbackId };
  if (scenario.channel === "chat" && scenario.turns.some((t) => t.interrupt)) throw new Error(`${scenario.id}: a chat turn cannot interrupt`);
  return scenario;
}

const weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/**
 * Resolves `{today}`, `{today+N}` and `{next:weekday}` to YYYY-MM-DD in `timeZone`.
 * "next friday" is the first Friday after today (a week ahead when today is Friday).
 */
export function resolveDates<T>(value: T, now: Date, timeZone: string): T {
  if (typeof value === "string") return resolveString(value, now, timeZone) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => resolveDates(v, now, timeZone)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveDates(v, now, timeZone)])) as T;
  }
  return value;
}

function resolveString(text: string, now: Date, timeZone: string): string {
  return text.replace(/\{(today(?:[+-]\d+)?|next:[a-z]+)\}/g, (_, token: string) => {
    const today = localDate(now, timeZone);
    if (token.startsWith("today")) return addDays(today, Number(token.slice(5) || 0));
    const target = weekdays.indexOf(token.slice(5));
    if (target < 0) throw new Error(`unknown weekday in {${token}}`);
    const current = new Date(`${today}T12:00:00Z`).getUTCDay();
    return addDays(today, ((target - current + 6) % 7) + 1);
  });
}

function localDate(now: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The business's time zone from its profile's calendar, else UTC. */
export function businessTimeZone(profilePath = join(process.cwd(), "config", "business-profile.json")): string {
  const profile = JSON.parse(readFileSync(profilePath, "utf8")) as { calendar?: { timeZone?: unknown } };
  const zone = profile.calendar?.timeZone;
  return typeof zone === "string" && zone ? zone : "UTC";
}
