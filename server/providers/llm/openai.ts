import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "openai";
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { z } from "zod";
import { AppError } from "../../core/errors";
import type {
  ChatMessage,
  FinishReason,
  LanguageModel,
  LlmEvent,
  LlmRequest,
  ToolCall,
  ToolSpec,
} from "../../core/dialogue/llm-port";
import type { StreamOptions } from "../../core/ports";
import { idleWatchdog } from "../idle-watchdog";

export interface OpenAiModelOptions {
  readonly apiKey: string;
  /** Any OpenAI-compatible endpoint (vLLM, Ollama, LiteLLM...), e.g. `http://host/v1`. */
  readonly baseURL?: string;
  readonly model: string;
  /**
   * Longest silence tolerated from the server: before the response headers
   * and between stream chunks. The SDK's own `timeout` stops at the headers,
   * so a server that stalls mid-stream would otherwise hang the turn forever.
   */
  readonly timeoutMs: number;
}

/**
 * LanguageModel over the Chat Completions streaming API with the official
 * SDK. Text deltas are passed on as they arrive; tool calls, which stream as
 * index-keyed fragments, are emitted whole just before `done`.
 */
export function createOpenAiModel(options: OpenAiModelOptions): LanguageModel {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout: options.timeoutMs,
    // Retrying is the fallback chain's job; SDK retries would hide a slow
    // primary behind seconds of silent backoff.
    maxRetries: 0,
    // The SDK logs unparseable chunks to the console; we report them as
    // AppErrors instead, and logs stay one JSON line each.
    logLevel: "off",
  });
  const name = `openai:${options.model}`;

  return {
    name,
    async *stream(request: LlmRequest, { signal }: StreamOptions = {}): AsyncIterable<LlmEvent> {
      if (signal?.aborted) return;
      const body = toRequestBody(options.model, request);
      const watchdog = idleWatchdog(signal, options.timeoutMs);
      try {
        watchdog.arm();
        const toolCalls = new ToolCallAssembler();
        let finishReason: FinishReason | undefined;
        try {
          const chunks = await client.chat.completions.create(body, { signal: watchdog.signal });
          for await (const raw of chunks) {
            // Paused while the consumer holds a yielded delta (TTS backpressure).
            watchdog.pause();
            const chunk = chunkSchema.parse(raw);
            for (const choice of chunk.choices) {
              if ((choice.index ?? 0) !== 0) continue; // we ask for one choice
              const delta = choice.delta;
              if (delta?.content) yield { type: "text", delta: delta.content };
              delta?.tool_calls?.forEach((fragment, position) => toolCalls.add(fragment, position));
              if (choice.finish_reason) finishReason = toFinishReason(choice.finish_reason);
            }
            watchdog.arm();
          }
        } catch (error) {
          if (signal?.aborted) return;
          throw toAppError(error, name, watchdog.timedOut);
        }
        // The SDK ends a stream quietly when its signal aborts, so a watchdog
        // abort surfaces here rather than as a thrown error.
        if (signal?.aborted) return;
        if (watchdog.timedOut) throw toAppError(new Error("stream stalled"), name, true);
        if (!finishReason) {
          // A body that closes without a finish reason was cut off (or was not
          // a chat stream at all); what arrived cannot be trusted to be whole.
          throw new AppError("PROVIDER_ERROR", `${name}: stream ended without a finish reason`, {
            retryable: true,
          });
        }
        for (const call of toolCalls.complete(name)) yield { type: "tool_call", ...call };
        yield { type: "done", finishReason };
      } finally {
        watchdog.dispose();
      }
    },
  };
}

function toRequestBody(model: string, request: LlmRequest): ChatCompletionCreateParamsStreaming {
  const tools = request.tools?.map(toTool);
  return {
    model,
    stream: true,
    messages: request.messages.map(toMessageParam),
    // OpenAI rejects an empty tools array, so omit it instead.
    ...(tools && tools.length > 0 ? { tools } : {}),
    // max_tokens rather than max_completion_tokens: OpenAI-compatible servers
    // (vLLM, Ollama, llama.cpp) understand the older name.
    ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
  };
}

function toTool(tool: ToolSpec): ChatCompletionTool {
  // `$schema` (added by z.toJSONSchema) is not part of what the API accepts
  // as function parameters; strict servers reject it.
  const { $schema: _ignored, ...parameters } = tool.parameters;
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters },
  };
}

function toMessageParam(message: ChatMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case "system":
      return { role: "system", content: message.content };
    case "user":
      return { role: "user", content: message.content };
    case "assistant":
      if (message.toolCalls && message.toolCalls.length > 0) {
        return {
          role: "assistant",
          content: message.content || null,
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: "function" as const,
            function: { name: call.name, arguments: call.arguments },
          })),
        };
      }
      return { role: "assistant", content: message.content };
    case "tool":
      if (!message.toolCallId) {
        throw new AppError("BAD_REQUEST", "a tool message needs the toolCallId it answers");
      }
      return { role: "tool", content: message.content, tool_call_id: message.toolCallId };
  }
}

/**
 * The part of a `chat.completion.chunk` we rely on. The SDK hands over
 * whatever JSON the server sent, so it is checked here: a chunk without
 * `choices` means the server is not speaking the protocol.
 */
const toolCallFragmentSchema = z.object({
  index: z.number().int().nonnegative().optional(),
  id: z.string().nullish(),
  function: z
    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
    .nullish(),
});
type ToolCallFragment = z.infer<typeof toolCallFragmentSchema>;

const chunkSchema = z.object({
  choices: z.array(
    z.object({
      index: z.number().optional(),
      delta: z
        .object({
          content: z.string().nullish(),
          tool_calls: z.array(toolCallFragmentSchema).nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
});

/**
 * Joins streamed tool-call fragments. OpenAI sends `id` and `name` in the
 * first fragment of each call and the JSON arguments in pieces after it, all
 * keyed by `index`; several calls may interleave in one response.
 */
class ToolCallAssembler {
  private readonly calls = new Map<number, { id: string; name: string; arguments: string }>();

  add(fragment: ToolCallFragment, position: number): void {
    // Some compatible servers omit `index` when they send whole calls at once.
    const index = fragment.index ?? position;
    let call = this.calls.get(index);
    if (!call) {
      call = { id: "", name: "", arguments: "" };
      this.calls.set(index, call);
    }
    if (fragment.id && !call.id) call.id = fragment.id;
    if (fragment.function?.name && !call.name) call.name = fragment.function.name;
    if (fragment.function?.arguments) call.arguments += fragment.function.arguments;
  }

  complete(modelName: string): ToolCall[] {
    return [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => {
        if (!call.name) {
          throw new AppError("PROVIDER_ERROR", `${modelName}: tool call ${index} has no name`, {
            retryable: true,
          });
        }
        return { id: call.id || `call_${index}`, name: call.name, arguments: call.arguments || "{}" };
      });
  }
}

function toFinishReason(reason: string): FinishReason {
  switch (reason) {
    case "length":
    case "content_filter":
    case "tool_calls":
      return reason;
    case "function_call": // the legacy name for the same thing
      return "tool_calls";
    default:
      return "stop";
  }
}

/** Maps whatever the SDK or the stream threw to an AppError with the right `retryable`. */
function toAppError(error: unknown, name: string, timedOut: boolean): AppError {
  if (error instanceof AppError) return error;
  if (timedOut || error instanceof APIConnectionTimeoutError) {
    return new AppError("TIMEOUT", `${name}: no response within the timeout`, {
      retryable: true,
      cause: error,
    });
  }
  if (error instanceof APIUserAbortError) {
    // Our own controller aborted without the caller or the watchdog asking.
    return new AppError("PROVIDER_ERROR", `${name}: request aborted`, { retryable: true, cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new AppError("UNAVAILABLE", `${name}: connection failed: ${error.message}`, {
      retryable: true,
      cause: error,
    });
  }
  if (error instanceof APIError) return fromStatus(error, name);
  if (error instanceof SyntaxError || error instanceof z.ZodError) {
    return new AppError("PROVIDER_ERROR", `${name}: malformed stream chunk`, {
      retryable: true,
      cause: error,
    });
  }
  // A socket reset mid-body surfaces as undici's TypeError("terminated").
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("PROVIDER_ERROR", `${name}: ${message}`, { retryable: true, cause: error });
}

function fromStatus(error: APIError, name: string): AppError {
  const status = error.status;
  const message = `${name}: ${error.message}`;
  // No status: an `{"error": ...}` object sent inside an otherwise good stream.
  if (status === undefined || status >= 500) {
    return new AppError("PROVIDER_ERROR", message, { retryable: true, cause: error });
  }
  if (status === 408) return new AppError("TIMEOUT", message, { retryable: true, cause: error });
  if (status === 429) {
    // An exhausted quota also answers 429, but no amount of waiting fixes it.
    const retryable = error.code !== "insufficient_quota";
    return new AppError("UNAVAILABLE", message, { retryable, cause: error });
  }
  if (status === 401 || status === 403) {
    return new AppError("UNAUTHORIZED", message, { retryable: false, cause: error });
  }
  return new AppError("BAD_REQUEST", message, { retryable: false, cause: error });
}
