import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { AdminApi } from "./admin-api";
import { sendChat } from "./chat-client";
import { evalsConfig, type EvalsConfig } from "./config";
import { startLlmStack, type LlmStack } from "./llm-stack";
import { businessTimeZone, loadScenarios, resolveDates } from "./load";
import { playScenario, type PlayTarget, type ScenarioResult } from "./play";
import { renderReport, type RunInfo } from "./report";
import type { Mode, Scenario } from "./schema";
import { startScriptedLlm, type ScriptedLlm } from "./scripted-llm";

export interface RunOptions {
  readonly modes: readonly Mode[];
  /** Only the scenarios marked `ci`. */
  readonly ci?: boolean;
  /** Only these scenario ids (or id prefixes). */
  readonly only?: readonly string[];
  readonly channels?: readonly Scenario["channel"][];
  /** LLM mode plays only these channels (a voice run takes real time; default: the same as offline). */
  readonly llmChannels?: readonly Scenario["channel"][];
  /** Chat scenarios played at once (voice ones always one at a time: each is a real-time call). */
  readonly chatConcurrency?: number;
  /** Write docs/evals.md (default true). */
  readonly writeReport?: boolean;
  /** In LLM mode, use OPENAI_API_KEY's real endpoint instead of the scripted server. */
  readonly realLlm?: boolean;
  readonly log?: (line: string) => void;
  /** Lines added to the report's notes (e.g. the conditions of the run). */
  readonly notes?: readonly string[];
}

export interface RunOutcome {
  readonly results: ScenarioResult[];
  readonly report: string;
  readonly labels: Record<Mode, string>;
}

/** Plays the selected scenarios in each mode against the running stack and writes the score table. */
export async function runEvals(options: RunOptions, config: EvalsConfig = evalsConfig()): Promise<RunOutcome> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const startedAt = new Date();
  const zone = businessTimeZone();
  const scenarios = loadScenarios()
    .filter((s) => !options.ci || s.ci)
    .filter((s) => !options.channels?.length || options.channels.includes(s.channel))
    .filter((s) => !options.only?.length || options.only.some((o) => s.id.startsWith(o)))
    .map((s) => resolveDates(s, startedAt, zone));
  if (scenarios.length === 0) throw new Error("no scenario selected");
  const admin = new AdminApi(config.publicUrl, config.admin);
  const health = await fetch(`${config.publicUrl}/api/health`).catch(() => undefined);
  if (!health?.ok) throw new Error(`no stack answers at ${config.publicUrl} (start it with npm start, or set PUBLIC_URL)`);

  const results: ScenarioResult[] = [];
  const labels: Record<Mode, string> = { offline: "offline", llm: "LLM (scripted)" };
  const notes: string[] = [`Business time zone for relative dates: ${zone}.`];
  const skipped = (["chat", "web", "phone"] as const).filter((c) => !scenarios.some((s) => s.channel === c));
  if (skipped.length) notes.push(`Not played in this run: ${skipped.map((c) => (c === "web" ? "web voice" : c)).join(", ")} (${options.channels?.length ? "--channel" : "--ci / --only"}).`);
  if (options.modes.includes("llm") && options.llmChannels?.length) notes.push(`LLM mode played ${options.llmChannels.map((c) => (c === "web" ? "web voice" : c)).join(", ")} only (--llm-channel).`);
  for (const note of options.notes ?? []) notes.push(note);
  const voice = scenarios.some((s) => s.channel !== "chat" && (!options.llmChannels?.length || options.llmChannels.includes(s.channel)));
  for (const mode of options.modes) {
    let llm: ScriptedLlm | undefined;
    let stack: LlmStack | undefined;
    try {
      if (mode === "llm") {
        if (options.realLlm) {
          if (!config.realLlm) throw new Error("--real-llm needs OPENAI_API_KEY");
          labels.llm = `LLM (${config.realLlm.model})`;
          stack = await startLlmStack(config, config.realLlm, { voice });
        } else {
          llm = await startScriptedLlm();
          stack = await startLlmStack(config, { baseURL: llm.baseURL, apiKey: "scripted-evals" }, { voice });
        }
        log(`[evals] LLM mode: web ${stack.chatUrl}, worker ${stack.agentName}${llm ? `, scripted model ${llm.baseURL}` : ""}`);
      }
      const target: PlayTarget = { mode, chatUrl: stack?.chatUrl ?? config.publicUrl, admin, agentName: stack?.agentName };
      const report = async (r: ScenarioResult) => {
        results.push(r);
        await releaseTables(r, admin, config.publicUrl, log);
        const firstFail = r.turns.findIndex((t) => t.failures.length > 0);
        const why = r.passed ? "" : ` — ${firstFail >= 0 ? `turn ${firstFail + 1}: ${r.turns[firstFail]!.failures.join("; ")}` : r.finalFailures.join("; ")}`;
        log(`[evals] ${mode} ${r.passed ? "pass" : "FAIL"} ${r.id} (${r.channel}, ${(r.durationMs / 1000).toFixed(1)} s)${why}`);
      };
      // The scripted model answers for one scenario at a time, so LLM mode plays them in turn.
      const concurrency = mode === "llm" && llm ? 1 : Math.max(1, options.chatConcurrency ?? 2);
      const played = mode === "llm" && options.llmChannels?.length ? scenarios.filter((s) => options.llmChannels!.includes(s.channel)) : scenarios;
      const chats = played.filter((s) => s.channel === "chat");
      await eachLimited(chats, concurrency, async (s) => {
        llm?.play(s);
        await report(await playScenario(s, target));
      });
      for (const s of played.filter((x) => x.channel !== "chat")) {
        llm?.play(s);
        let result = await playScenario(s, target);
        // A call that never got going (no agent joined or greeted: a loaded machine's job process
        // timing out) is retried once; the report says so. A failure in any turn is never retried.
        if (!result.passed && result.turns.length === 0) {
          log(`[evals] ${mode} retrying ${s.id}: ${result.finalFailures.join("; ")}`);
          result = { ...(await playScenario(s, target)), retriedAfter: result.finalFailures.join("; ") };
        }
        await report(result);
      }
      if (llm?.unscripted.length) {
        notes.push(`LLM mode: ${llm.unscripted.length} of ${llm.served()} model requests had no scripted answer (the model said it did not understand): ${llm.unscripted.slice(0, 8).map((u) => `${u.scenarioId}: "${u.lastUserText}"`).join("; ")}${llm.unscripted.length > 8 ? " …" : ""}.`);
      }
    } finally {
      await stack?.stop();
      await llm?.close();
    }
  }
  const info: RunInfo = { startedAt, target: config.publicUrl, modes: options.modes.map((mode) => ({ mode, label: labels[mode] })), ci: Boolean(options.ci), notes };
  const report = renderReport(results, info);
  if (options.writeReport !== false) writeFileSync(join(process.cwd(), "docs", "evals.md"), report);
  return { results, report, labels };
}

/**
 * Bookings a scenario made are cancelled again, through the product's own
 * chat (the stack's brain: "cancel …", then "yes"), so repeated runs do not
 * fill the slots they book. A failure here is logged, not scored.
 */
async function releaseTables(result: ScenarioResult, admin: AdminApi, chatUrl: string, log: (line: string) => void): Promise<void> {
  if (!result.conversationId) return;
  const booked = ((await admin.reservationsOf(result.conversationId).catch(() => undefined)) ?? []).filter((r) => r.status === "confirmed");
  for (const { reference } of booked) {
    try {
      const asked = await sendChat(chatUrl, `Please cancel my reservation ${reference}`, undefined);
      await sendChat(chatUrl, "yes", asked.conversationId);
      const still = ((await admin.reservationsOf(result.conversationId)) ?? []).some((r) => r.reference === reference && r.status === "confirmed");
      if (still) log(`[evals] note: reservation ${reference} from ${result.id} is still confirmed after asking to cancel it`);
    } catch (error) {
      log(`[evals] note: could not cancel ${reference} from ${result.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
