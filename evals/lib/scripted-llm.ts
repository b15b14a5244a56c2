import { startMockOpenAiServer, textReply, toolCallReply, type MockReply } from "../../server/providers/llm/testing/mock-openai-server";
import { normalise } from "./check";
import type { Scenario } from "./schema";

export interface WireMessage {
  role: string;
  content?: string | null;
  tool_calls?: unknown[];
}

/** What the scripted model was asked that no scenario turn scripts (shown in the report). */
export interface UnscriptedRequest {
  readonly scenarioId?: string;
  readonly lastUserText: string;
}

/**
 * The local OpenAI-compatible test server (server/providers/llm/testing),
 * answering as a competent model would for the scenario being played: each
 * request is matched to the scenario turn whose words are closest to the
 * caller's last message (voice turns arrive as the recogniser heard them),
 * and answered with that turn's next scripted step — tool calls, then the
 * text once the tool results are in. The scenario in play is set by the
 * runner, which plays LLM-mode scenarios one at a time.
 */
export async function startScriptedLlm(options: { port?: number } = {}) {
  let active: Scenario | undefined;
  const unscripted: UnscriptedRequest[] = [];
  let served = 0;
  let callSeq = 0;

  const respond = (body: Record<string, unknown>): MockReply => {
    served++;
    const messages = (Array.isArray(body.messages) ? body.messages : []) as WireMessage[];
    const lastUser = messages.findLastIndex((m) => m.role === "user");
    const lastUserText = typeof messages[lastUser]?.content === "string" ? messages[lastUser].content : "";
    const userCount = messages.filter((m) => m.role === "user").length;
    const turn = active ? matchTurn(active, lastUserText, userCount - 1) : undefined;
    // Tool rounds already answered for this user message = which step comes next.
    const step = messages.slice(lastUser + 1).filter((m) => m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length > 0).length;
    const script = turn?.llm?.[step];
    if (!script) {
      unscripted.push({ scenarioId: active?.id, lastUserText });
      return { kind: "stream", chunks: textReply(["Sorry, I didn't quite get that. Could you say it another way?"]) };
    }
    if ("text" in script) return { kind: "stream", chunks: textReply(splitDeltas(fillFromToolResults(script.text, messages.slice(lastUser + 1)))) };
    return {
      kind: "stream",
      chunks: toolCallReply(script.tools.map((t) => ({ id: `call_evals_${++callSeq}`, name: t.name, argumentFragments: splitArguments(JSON.stringify(t.arguments)) }))),
    };
  };

  const server = await startMockOpenAiServer({ respond, port: options.port });
  return {
    baseURL: server.baseURL,
    /** The scenario whose script answers from now on (dates already resolved). */
    play(scenario: Scenario | undefined) {
      active = scenario;
    },
    unscripted,
    served: () => served,
    close: () => server.close(),
  };
}

export type ScriptedLlm = Awaited<ReturnType<typeof startScriptedLlm>>;

/**
 * The scripted turn a request answers: the turn at the caller's position when
 * its words are close enough, else the closest turn; none below a third of
 * the words in common (the model then answers that it did not understand).
 */
export function matchTurn(scenario: Scenario, lastUserText: string, position: number) {
  const heard = words(lastUserText);
  const score = (text: string) => {
    const scripted = words(text);
    if (scripted.size === 0 || heard.size === 0) return 0;
    let common = 0;
    for (const w of heard) if (scripted.has(w)) common++;
    return common / Math.max(scripted.size, heard.size);
  };
  const atPosition = scenario.turns[position];
  if (atPosition && score(atPosition.user) >= 0.34) return atPosition;
  let best: { turn: (typeof scenario.turns)[number]; score: number } | undefined;
  for (const turn of scenario.turns) {
    const s = score(turn.user);
    if (!best || s > best.score) best = { turn, score: s };
  }
  return best && best.score >= 0.34 ? best.turn : undefined;
}

/**
 * A model reads its tool results: in a scripted answer, `{reference}` becomes
 * the booking reference (HC-…) in this turn's latest tool result that has one,
 * and `{result.field}` that field of the latest result that has it (e.g. the
 * read-back book_table asks to be said). "(no …)" when none has it.
 */
export function fillFromToolResults(text: string, sinceLastUser: readonly WireMessage[]): string {
  const results = sinceLastUser
    .filter((m) => m.role === "tool" && typeof m.content === "string")
    .map((m) => m.content as string)
    .reverse();
  return text
    .replaceAll("{reference}", () => results.map((r) => /\bHC-[A-Z0-9]{4,6}\b/.exec(r)?.[0]).find(Boolean) ?? "(no reference)")
    .replace(/\{result\.([A-Za-z_]+)\}/g, (_, field: string) => {
      for (const r of results) {
        const value = findField(safeJson(r), field);
        if (value !== undefined) return typeof value === "string" ? value : JSON.stringify(value);
      }
      return `(no ${field})`;
    });
}

function findField(value: unknown, field: string): unknown {
  if (!value || typeof value !== "object") return undefined;
  if (field in value) return (value as Record<string, unknown>)[field];
  for (const child of Object.values(value)) {
    const found = findField(child, field);
    if (found !== undefined) return found;
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function words(text: string): Set<string> {
  return new Set(normalise(text).replace(/[^a-z0-9' ]/g, " ").split(" ").filter(Boolean));
}

/** Streams text a few words at a time, as a model does. */
function splitDeltas(text: string): string[] {
  const parts = text.match(/\S+\s*/g) ?? [text];
  const deltas: string[] = [];
  for (let i = 0; i < parts.length; i += 3) deltas.push(parts.slice(i, i + 3).join(""));
  return deltas;
}

function splitArguments(json: string): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < json.length; i += 12) pieces.push(json.slice(i, i + 12));
  return pieces.length ? pieces : ["{}"];
}
