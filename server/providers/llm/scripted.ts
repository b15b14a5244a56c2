import { sleep } from "../../core/abortable";
import { AppError } from "../../core/errors";
import type { LanguageModel, LlmEvent, LlmRequest } from "../../core/dialogue/llm-port";
import type { StreamOptions } from "../../core/ports";

/**
 * A scripted LanguageModel for tests and `LLM_PROVIDER=fake`: each `stream`
 * call consumes the next turn of the script, so a test states exactly what
 * the model says, when it fails and when it stalls, without a network.
 * Anchor: openai-agents-js `agents-core/src/testing/scriptedModel.ts`.
 *
 * A turn is one of:
 * - a list of events, yielded as they are (add a `done` yourself);
 * - an `Error`, thrown before anything is yielded (e.g. an AppError 500);
 * - `{ hang: true }`: never answers; ends quietly once the signal aborts,
 *   like a real provider whose request was cancelled;
 * - `{ events, delayMs?, firstTokenMs?, then? }`: events spaced by `delayMs`
 *   (the first one after `firstTokenMs` when given: a provider's time to first token), then
 *   optionally a failure (`then: Error`) or a stall (`then: "hang"`)
 *   mid-stream;
 * - a function of the request returning any of the above, for replies that
 *   depend on the conversation (e.g. answering a tool result).
 */
export type ScriptedTurn =
  | readonly LlmEvent[]
  | Error
  | { readonly hang: true }
  | {
      readonly events: readonly LlmEvent[];
      readonly delayMs?: number;
      readonly firstTokenMs?: number;
      readonly then?: Error | "hang";
    }
  | ((request: LlmRequest) => ScriptedTurn);

export interface ScriptedModel extends LanguageModel {
  /** Every request received, in order, for assertions. */
  readonly requests: LlmRequest[];
  /** Turns not yet consumed. */
  remaining(): number;
}

export function createScriptedModel(
  script: readonly ScriptedTurn[],
  options: { name?: string } = {},
): ScriptedModel {
  const turns = [...script];
  const requests: LlmRequest[] = [];
  return {
    name: options.name ?? "scripted",
    requests,
    remaining: () => turns.length,
    async *stream(request: LlmRequest, { signal }: StreamOptions = {}): AsyncIterable<LlmEvent> {
      requests.push(request);
      let turn = turns.shift();
      if (turn === undefined) {
        // Non-retryable so a test that under-scripts fails loudly, not via retries.
        throw new AppError("INTERNAL", `scripted model "${options.name ?? "scripted"}" ran out of turns`);
      }
      while (typeof turn === "function") turn = turn(request);
      if (signal?.aborted) return;
      if (turn instanceof Error) throw turn;
      if (!isEventList(turn) && "hang" in turn) {
        await untilAborted(signal);
        return;
      }
      const { events, delayMs = 0, firstTokenMs = 0, then } = isEventList(turn) ? { events: turn } : turn;
      for (const [i, event] of events.entries()) {
        const waitMs = i === 0 && firstTokenMs > 0 ? firstTokenMs : delayMs;
        if (waitMs > 0) await sleep(waitMs, signal);
        if (signal?.aborted) return;
        yield event;
      }
      if (then === "hang") await untilAborted(signal);
      else if (then) throw then;
    },
  };
}

// Array.isArray does not narrow readonly arrays out of a union, hence the guard.
function isEventList(turn: object): turn is readonly LlmEvent[] {
  return Array.isArray(turn);
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return; // no signal: hangs for good, as asked
    if (signal.aborted) return resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}
