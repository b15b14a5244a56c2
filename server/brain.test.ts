import { describe, expect, it } from "vitest";
import { brain } from "./brain";
import { newDialogueState } from "./core/dialogue/state";
import type { ToolCallRecord } from "./core/dialogue/dialogue-ports";
import { createLogger } from "./core/log";

/** A call's tool-call log: what the dialogue recorded through it. */
function callLog() {
  const records: ToolCallRecord[] = [];
  return { records, toolLog: { recordToolCall: async (record: ToolCallRecord) => void records.push(record) } };
}

async function ask(dialogue: ReturnType<typeof brain>["dialogue"], conversationId: string, text: string): Promise<void> {
  for await (const event of dialogue.reply({ text, state: newDialogueState(), conversationId, channel: "phone" })) void event;
}

describe("brain", () => {
  it("gives each call its own tool-call log: one process serves many calls at once", async () => {
    const first = callLog();
    const second = callLog();
    const firstCall = brain(createLogger({}, "error"), { toolLog: first.toolLog });
    const secondCall = brain(createLogger({}, "error"), { toolLog: second.toolLog });

    await ask(secondCall.dialogue, "conversation-2", "what are your opening hours");
    await ask(firstCall.dialogue, "conversation-1", "what are your opening hours");

    expect(second.records.map((r) => [r.conversationId, r.name])).toEqual([["conversation-2", "get_business_hours"]]);
    expect(first.records.map((r) => [r.conversationId, r.name])).toEqual([["conversation-1", "get_business_hours"]]);
  });
});
