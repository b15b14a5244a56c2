import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../business-profile";
import { createScriptedModel } from "../../providers/llm/scripted";
import { createLogger } from "../log";
import { createDialogue, TOOL_CANCELLED, type ReplyEvent } from "./dialogue";
import type { KnowledgeHit } from "./dialogue-ports";
import { newDialogueState } from "./state";
import { MemoryDialoguePorts } from "./testing/memory-ports";

const log = createLogger({}, "error");
const hit: KnowledgeHit = { documentSlug: "menu", documentTitle: "Menu", heading: "Cakes", content: "We bake a dragon fruit tart on Fridays.", score: 0.5 };

/** The model asks for a knowledge search; the search takes `searchMs` and honours its signal. */
function setup(searchMs: number) {
  const ports = new MemoryDialoguePorts();
  const searches: { startedAt: number; abortedAt?: number }[] = [];
  ports.search = (_query, options) =>
    new Promise<KnowledgeHit[]>((resolve, reject) => {
      const search: (typeof searches)[number] = { startedAt: Date.now() };
      searches.push(search);
      const timer = setTimeout(() => resolve([hit]), searchMs);
      options?.signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        search.abortedAt = Date.now();
        reject(new DOMException("The operation was aborted.", "AbortError"));
      });
    });
  const llm = createScriptedModel([
    [{ type: "tool_call", id: "t1", name: "search_knowledge_base", arguments: '{"query":"dragon tart"}' }, { type: "done", finishReason: "tool_calls" }],
    [{ type: "text", delta: "We bake it on Fridays." }, { type: "done", finishReason: "stop" }],
  ]);
  const dialogue = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, llm, log });
  return { ports, searches, llm, dialogue };
}

async function replyUntil(dialogue: ReturnType<typeof setup>["dialogue"], signal: AbortSignal): Promise<ReplyEvent[]> {
  const events: ReplyEvent[] = [];
  for await (const e of dialogue.reply({ conversationId: "c1", state: newDialogueState(), text: "do you have a dragon fruit tart", channel: "web", signal })) events.push(e);
  return events;
}

describe("a turn cut while a tool runs", () => {
  it("cancels the tool through the turn's signal and records it once, as cancelled, and asks the model nothing more", async () => {
    const { ports, searches, llm, dialogue } = setup(5000);
    const turn = new AbortController();
    const reading = replyUntil(dialogue, turn.signal);
    while (searches.length === 0) await new Promise((r) => setTimeout(r, 5));
    turn.abort();
    const events = await reading;
    expect(searches[0]!.abortedAt! - searches[0]!.startedAt).toBeLessThan(1000);
    expect(ports.toolCalls).toEqual([expect.objectContaining({ name: "search_knowledge_base", error: TOOL_CANCELLED, result: undefined })]);
    expect(llm.requests).toHaveLength(1);
    expect(events.filter((e) => e.type === "text")).toEqual([]);
  });

  it("a tool that finished before the cut is recorded as completed, with its result", async () => {
    const { ports, dialogue } = setup(10);
    const turn = new AbortController();
    const events: ReplyEvent[] = [];
    for await (const e of dialogue.reply({ conversationId: "c1", state: newDialogueState(), text: "do you have a dragon fruit tart", channel: "web", signal: turn.signal })) {
      events.push(e);
      // Cut as soon as the tool's result is in: the model is not asked again.
      if (e.type === "tool_result") turn.abort();
    }
    expect(ports.toolCalls).toHaveLength(1);
    expect(ports.toolCalls[0]).toMatchObject({ name: "search_knowledge_base", error: undefined });
    expect(ports.toolCalls[0]?.result).toEqual([expect.objectContaining({ text: hit.content })]);
  });

  it("runs no tool the model asked for when the turn was cut while the model was still answering", async () => {
    const ports = new MemoryDialoguePorts();
    const turn = new AbortController();
    // The tool call arrives, then the model stalls before `done`; the cut lands in the stall.
    const llm = createScriptedModel([{ events: [{ type: "tool_call", id: "t1", name: "search_knowledge_base", arguments: '{"query":"tart"}' }], then: "hang" }]);
    const dialogue = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, llm, log });
    setTimeout(() => turn.abort(), 100);
    await replyUntil(dialogue, turn.signal);
    expect(ports.toolCalls).toEqual([]);
  });
});
