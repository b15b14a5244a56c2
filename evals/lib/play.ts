import { loadBusinessProfile } from "../../server/business-profile";
import type { AdminApi, StoredConversation } from "./admin-api";
import { auditBookings, type BookingAudit } from "./booking-audit";
import { sendChat } from "./chat-client";
import { checkTurn, type ObservedTurn } from "./check";
import type { Mode, Scenario, ScenarioTurn } from "./schema";
import { startVoiceCall, type VoiceTurnObservation } from "./voice-driver";

export interface TurnResult {
  readonly user: string;
  /** Voice: what the recogniser stored as the user's words. */
  readonly heardAs?: string;
  readonly answer: string;
  readonly intents: readonly string[];
  readonly tools: readonly string[];
  readonly failures: readonly string[];
}

export interface ScenarioResult {
  readonly id: string;
  readonly channel: Scenario["channel"];
  readonly tags: readonly string[];
  readonly mode: Mode;
  readonly passed: boolean;
  readonly turns: readonly TurnResult[];
  /** Outcome / reservation checks, or the error that stopped the scenario. */
  readonly finalFailures: readonly string[];
  readonly conversationId?: string;
  readonly durationMs: number;
  /** Voice: the first attempt never reached a turn (why); this is the second. */
  readonly retriedAfter?: string;
  /** Bookings the conversation made, and any made without a yes to a read-back or outside the rules. */
  readonly audit?: BookingAudit;
}

export interface PlayTarget {
  readonly mode: Mode;
  /** Where chat messages go (the stack, or the LLM-mode web server). */
  readonly chatUrl: string;
  readonly admin: AdminApi;
  /** Voice rooms are dispatched explicitly to this agent (LLM mode's worker); unset = the stack's own. */
  readonly agentName?: string;
}

/** Plays one scenario (dates already resolved) through its channel's real path and checks every expectation. */
export async function playScenario(scenario: Scenario, target: PlayTarget): Promise<ScenarioResult> {
  const started = Date.now();
  const turns: TurnResult[] = [];
  const finalFailures: string[] = [];
  let conversationId: string | undefined;
  let audit: BookingAudit | undefined;
  try {
    conversationId = scenario.channel === "chat" ? await playChat(scenario, target, turns) : await playVoice(scenario, target, turns);
    if (conversationId) {
      finalFailures.push(...(await checkFinal(scenario, target.admin, conversationId)));
      audit = await auditOf(target.admin, conversationId);
      finalFailures.push(...audit.unconfirmed.map((u) => `booked without an explicit yes: ${u}`), ...audit.outsideRules.map((o) => `booked outside the rules: ${o}`));
    } else finalFailures.push("no stored conversation found");
  } catch (error) {
    finalFailures.push(`error: ${error instanceof Error ? error.message : String(error)}`);
  }
  const passed = finalFailures.length === 0 && turns.length === scenario.turns.length && turns.every((t) => t.failures.length === 0);
  return { id: scenario.id, channel: scenario.channel, tags: scenario.tags, mode: target.mode, passed, turns, finalFailures, conversationId, durationMs: Date.now() - started, audit };
}

/** Audited before the runner releases the scenario's tables, so capacity is judged with them still booked. */
async function auditOf(admin: AdminApi, conversationId: string): Promise<BookingAudit> {
  const [conversation, all] = await Promise.all([admin.conversation(conversationId), admin.reservations()]);
  return auditBookings(conversation, (all ?? []).filter((r) => r.status === "confirmed"), loadBusinessProfile());
}

async function playChat(scenario: Scenario, target: PlayTarget, results: TurnResult[]): Promise<string | undefined> {
  let conversationId: string | undefined;
  let seen = { turns: 0, toolCalls: 0 };
  for (const turn of scenario.turns) {
    const reply = await sendChat(target.chatUrl, turn.user, conversationId);
    conversationId = reply.conversationId;
    const stored = await target.admin.conversation(conversationId);
    const newTurns = stored.turns.slice(seen.turns);
    const newCalls = stored.toolCalls.slice(seen.toolCalls);
    seen = { turns: stored.turns.length, toolCalls: stored.toolCalls.length };
    const observed: ObservedTurn = {
      answer: reply.text,
      intents: agentIntents(newTurns),
      toolCalls: newCalls,
      reservations: turn.expect.reserved === undefined ? undefined : (await target.admin.reservationsOf(conversationId))?.length,
    };
    results.push(result(turn.user, observed, checkTurn(turn.expect, observed, { intentRequired: target.mode === "offline" })));
  }
  return conversationId;
}

async function playVoice(scenario: Scenario, target: PlayTarget, results: TurnResult[]): Promise<string | undefined> {
  const call = await startVoiceCall(scenario, target.admin, { agentName: target.agentName });
  try {
    // A first turn that interrupts talks over the greeting instead of waiting for it.
    if (!scenario.turns[0]?.interrupt) await call.greeted();
    // Turns whose answer the next turn talks over are checked once that turn is answered too.
    let pending: { turn: ScenarioTurn; said: VoiceTurnObservation }[] = [];
    for (const [index, turn] of scenario.turns.entries()) {
      const next = scenario.turns[index + 1];
      const said = await call.say(turn.user, { interrupt: turn.interrupt === true, waitForQuiet: !next?.interrupt });
      pending.push({ turn, said });
      if (next?.interrupt) continue;
      const stored = await waitForStoredAnswer(call.stored, said.saidAt);
      const reservations = stored && pending.some((p) => p.turn.expect.reserved !== undefined) ? (await target.admin.reservationsOf(stored.id))?.length : undefined;
      pending.forEach(({ turn: played, said: heard }, i) => {
        const until = pending[i + 1]?.said.saidAt ?? Number.POSITIVE_INFINITY;
        const window = turnsBetween(stored, heard.saidAt, until);
        const observed: ObservedTurn = {
          answer: call.heardBetween(heard.saidAt, until),
          storedUser: window.userText,
          intents: window.intents,
          toolCalls: (stored?.toolCalls ?? []).filter((c) => Date.parse(c.startedAt) >= heard.saidAt && Date.parse(c.startedAt) < until),
          reservations,
        };
        const failures = checkTurn(played.expect, observed, { intentRequired: target.mode === "offline" });
        if (!heard.audioHeard) failures.unshift("no agent audio heard after the turn");
        if (!window.userText) failures.unshift("no user turn stored (speech not recognised)");
        results.push(result(played.user, observed, failures));
      });
      pending = [];
    }
    return (await call.stored())?.id;
  } finally {
    await call.hangUp();
  }
}

/** Polls the stored conversation until an agent turn answers a user turn that started after `since` (or 15 s pass). */
async function waitForStoredAnswer(load: () => Promise<StoredConversation | undefined>, since: number): Promise<StoredConversation | undefined> {
  const deadline = Date.now() + 15_000;
  let stored: StoredConversation | undefined;
  while (Date.now() < deadline) {
    stored = await load();
    const window = turnsBetween(stored, since, Number.POSITIVE_INFINITY);
    if (window.userText && window.agentCount > 0) return stored;
    await new Promise((r) => setTimeout(r, 300));
  }
  return stored;
}

/** The stored turns from the first user turn spoken in [since, until) up to the next one spoken at or after `until`. */
function turnsBetween(stored: StoredConversation | undefined, since: number, until: number) {
  const turns = stored?.turns ?? [];
  // A user turn's start is when speech began, a little after the caller's first frame went out.
  const starts = (t: StoredConversation["turns"][number]) => Date.parse(t.startedAt) + 500;
  const first = turns.findIndex((t) => t.role === "user" && starts(t) >= since && starts(t) < until);
  const afterWindow = turns.findIndex((t, i) => i > first && t.role === "user" && starts(t) >= until);
  const window = first < 0 ? [] : turns.slice(first, afterWindow < 0 ? undefined : afterWindow);
  return {
    userText: window.filter((t) => t.role === "user").map((t) => t.text).join(" / "),
    agentCount: window.filter((t) => t.role === "agent").length,
    intents: agentIntents(window),
  };
}

function agentIntents(turns: StoredConversation["turns"]): string[] {
  return turns.filter((t) => t.role === "agent" && t.intent).map((t) => t.intent!);
}

function result(user: string, observed: ObservedTurn, failures: string[]): TurnResult {
  return {
    user,
    heardAs: observed.storedUser,
    answer: observed.answer,
    intents: observed.intents,
    tools: observed.toolCalls.map((c) => c.name),
    failures,
  };
}

async function checkFinal(scenario: Scenario, admin: AdminApi, conversationId: string): Promise<string[]> {
  const failures: string[] = [];
  const { outcome, reservation } = scenario.final;
  if (outcome) {
    // Voice conversations end when the caller hangs up; the worker stores that a moment later.
    const deadline = Date.now() + (scenario.channel === "chat" ? 0 : 15_000);
    let stored = (await admin.conversation(conversationId)).outcome ?? "ongoing";
    while (stored !== outcome && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      stored = (await admin.conversation(conversationId)).outcome ?? "ongoing";
    }
    if (stored !== outcome) failures.push(`outcome ${outcome} expected, stored ${stored}`);
  }
  if (reservation !== undefined) {
    const booked = await admin.reservationsOf(conversationId);
    if (booked === undefined) failures.push("no reservations API (GET /api/admin/reservations is 404)");
    else if (reservation === false && booked.length > 0) failures.push(`reservation stored but must not be (${booked.map((b) => b.reference).join(", ")})`);
    else if (reservation !== false) {
      const match = booked.find((b) => (reservation.partySize === undefined || b.partySize === reservation.partySize) && (reservation.name === undefined || (b.name ?? "").toLowerCase().includes(reservation.name.toLowerCase())));
      if (!match) failures.push(`no reservation stored matching ${JSON.stringify(reservation)}${booked.length ? ` (stored: ${booked.map((b) => `${b.partySize} for ${b.name}`).join(", ")})` : ""}`);
    }
  }
  return failures;
}
