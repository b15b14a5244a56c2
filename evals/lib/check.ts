import type { TurnExpectation } from "./schema";

/** What one scenario turn produced, as heard and as stored. */
export interface ObservedTurn {
  /** The agent's answer: chat deltas, or the voice agent's transcript. */
  readonly answer: string;
  /** What the stack stored as the user's words (voice: the recogniser's transcript). */
  readonly storedUser?: string;
  /** Stored intents of the agent turns answering it. */
  readonly intents: readonly string[];
  /** Stored tool calls made while answering it. */
  readonly toolCalls: readonly { readonly name: string; readonly arguments: unknown; readonly error?: string | null }[];
  /** Reservations stored for the conversation after the turn (undefined: not looked up, or no reservations API). */
  readonly reservations?: number;
}

/** Every expectation the turn missed, in words a reader of docs/evals.md understands; empty = passed. */
export function checkTurn(expect: TurnExpectation, observed: ObservedTurn, options: { intentRequired: boolean }): string[] {
  const failures: string[] = [];
  const answer = normalise(observed.answer);
  if (expect.intent !== undefined) {
    const tookIntentPath = observed.intents.length > 0;
    if ((options.intentRequired || tookIntentPath) && !observed.intents.includes(expect.intent)) {
      failures.push(`intent ${expect.intent} expected, got ${observed.intents.join(", ") || "none"}`);
    }
  }
  for (const want of expect.tools ?? []) {
    const calls = observed.toolCalls.filter((c) => c.name === want.name);
    if (calls.length === 0) {
      failures.push(`tool ${want.name} not called${observed.toolCalls.length ? ` (called ${observed.toolCalls.map((c) => c.name).join(", ")})` : ""}`);
      continue;
    }
    if (want.arguments && !calls.some((c) => argumentsMatch(want.arguments!, c.arguments))) {
      failures.push(`tool ${want.name} called with ${calls.map((c) => JSON.stringify(c.arguments)).join(" / ")}, expected ${JSON.stringify(want.arguments)}`);
    } else if (calls.every((c) => c.error)) {
      // Called, but it did not work (an unknown tool, arguments its schema refused, a failing store).
      failures.push(`tool ${want.name} failed: ${calls[0]!.error}`);
    }
  }
  for (const name of expect.noTools ?? []) {
    if (observed.toolCalls.some((c) => c.name === name)) failures.push(`tool ${name} called but must not be`);
  }
  for (const entry of expect.says ?? []) {
    const options = Array.isArray(entry) ? entry : [entry];
    if (!options.some((o) => answer.includes(normalise(o)))) failures.push(`answer lacks ${options.map((o) => `"${o}"`).join(" or ")}`);
  }
  for (const banned of expect.mustNotSay ?? []) {
    if (answer.includes(normalise(banned))) failures.push(`answer says "${banned}"`);
  }
  if (expect.transfer !== undefined) {
    const transferred = observed.toolCalls.some((c) => c.name === "transfer_to_human");
    if (transferred !== expect.transfer) failures.push(expect.transfer ? "no transfer to a person" : "transferred to a person");
  }
  if (expect.reserved !== undefined) {
    if (observed.reservations === undefined) failures.push("no reservations API to check the booking against");
    else if (expect.reserved && observed.reservations === 0) failures.push("no reservation stored");
    else if (!expect.reserved && observed.reservations > 0) failures.push("a reservation was stored before the caller confirmed");
  }
  return failures;
}

/** Each expected argument equals the actual one: strings without regard to case or surrounding space, numbers by value. */
export function argumentsMatch(expected: Record<string, unknown>, actual: unknown): boolean {
  if (!actual || typeof actual !== "object") return false;
  const got = actual as Record<string, unknown>;
  return Object.entries(expected).every(([key, want]) => valueMatches(want, got[key]));
}

function valueMatches(want: unknown, got: unknown): boolean {
  if (typeof want === "number") return got !== undefined && got !== null && Number(got) === want;
  if (typeof want === "string") return typeof got === "string" || typeof got === "number" ? normalise(String(got)) === normalise(want) : false;
  if (typeof want === "boolean") return got === want;
  if (want && typeof want === "object" && !Array.isArray(want)) return argumentsMatch(want as Record<string, unknown>, got);
  return JSON.stringify(want) === JSON.stringify(got);
}

/** Lower case, typographic quotes and dashes made plain, whitespace collapsed. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\s+/g, " ")
    .trim();
}
