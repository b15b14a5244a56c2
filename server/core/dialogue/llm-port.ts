import type { StreamOptions } from "../ports";

/**
 * The language-model port. The dialogue core talks to every LLM (OpenAI, an
 * OpenAI-compatible server, the scripted fake, the fallback chain) through
 * this one streaming interface, so the vendor SDK stays in server/providers.
 *
 * Error contract: `stream` throws only `AppError` (server/core/errors.ts), with
 * `retryable` set the way a caller should act on it: 5xx, 429, timeouts and
 * network failures are retryable; other 4xx (bad request, bad key) are not.
 * A caller abort (barge-in, hang-up) is not an error: the stream stops
 * yielding and ends without throwing.
 */

/** A JSON Schema object describing a tool's arguments (e.g. from `z.toJSONSchema`). */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
}

/** A tool call the model asked for; `arguments` is the model's JSON text, unparsed. */
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: string;
}

/**
 * One message of the conversation sent to the model. A flat shape so callers
 * can build it from stored turns; the invariants are:
 * - `tool` messages carry the `toolCallId` of the call they answer;
 * - `assistant` messages carry `toolCalls` when the model asked for tools
 *   (their `content` may then be empty).
 */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant" | "tool";
  readonly content: string;
  readonly toolCallId?: string;
  readonly toolCalls?: readonly ToolCall[];
}

/**
 * Why a response ended. `error` is used by the fallback chain when a model
 * failed after it had already spoken (see fallback.ts): the text so far is
 * all there is.
 */
export type FinishReason = "stop" | "length" | "tool_calls" | "content_filter" | "error";

export type LlmEvent =
  | { readonly type: "text"; readonly delta: string }
  | {
      readonly type: "tool_call";
      readonly id: string;
      readonly name: string;
      /** Complete JSON arguments; providers assemble streamed fragments first. */
      readonly arguments: string;
    }
  | { readonly type: "done"; readonly finishReason: FinishReason };

export interface LlmRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolSpec[];
  readonly maxTokens?: number;
  readonly temperature?: number;
}

/**
 * A streaming chat model. Events arrive as produced: text deltas first, then
 * complete tool calls, then exactly one `done` (unless aborted).
 */
export interface LanguageModel {
  readonly name: string;
  stream(request: LlmRequest, options?: StreamOptions): AsyncIterable<LlmEvent>;
}
