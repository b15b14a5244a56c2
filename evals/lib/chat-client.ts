/** One chat reply as streamed by POST /api/chat. */
export interface ChatReply {
  readonly conversationId: string;
  readonly text: string;
  readonly tools: readonly string[];
  readonly handedOff: boolean;
  readonly ended: boolean;
}

/**
 * Sends one message through the chat contract (SSE deltas ending with a `done`
 * event naming the conversation). A 429 is waited out as its Retry-After asks:
 * the evals run from one address, and the stack's per-client limit stays on.
 */
export async function sendChat(baseUrl: string, message: string, conversationId: string | undefined, options: { timeoutMs?: number } = {}): Promise<ChatReply> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${baseUrl}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(conversationId ? { conversationId, message } : { message }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    if (response.status === 429 && attempt < 20) {
      await response.body?.cancel();
      const waitS = Number(response.headers.get("retry-after") ?? 5);
      await new Promise((r) => setTimeout(r, Math.max(1, waitS) * 1000 + 250));
      continue;
    }
    if (!response.ok || !response.body) throw new Error(`POST /api/chat: HTTP ${response.status} ${await response.text().catch(() => "")}`.trim());
    return readReply(await response.text());
  }
}

function readReply(body: string): ChatReply {
  let text = "";
  const tools: string[] = [];
  let done: { conversationId: string; ended: boolean; handedOff: boolean } | undefined;
  for (const block of body.split("\n\n")) {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data: "))
      .map((line) => line.slice(6))
      .join("\n");
    if (!data) continue;
    const event = JSON.parse(data) as { type: string; text?: string; name?: string; message?: string; conversationId?: string; ended?: boolean; handedOff?: boolean };
    if (event.type === "delta") text += event.text ?? "";
    else if (event.type === "tool" && event.name) tools.push(event.name);
    else if (event.type === "error") throw new Error(`chat stream error: ${event.message}`);
    else if (event.type === "done") done = { conversationId: event.conversationId!, ended: Boolean(event.ended), handedOff: Boolean(event.handedOff) };
  }
  if (!done) throw new Error("chat stream ended without a done event");
  return { ...done, text, tools };
}
