import { redactPii } from "../../core/dialogue/pii";
import type { DialogueState } from "../../core/dialogue/state";
import { db } from "../db";
import type { Prisma } from "../generated/prisma";

/** Persists the dialogue state (PII redacted) and, when a handoff happened, its summary. */
export async function saveDialogueState(input: { conversationId: string; state: DialogueState; handoffSummary?: string }): Promise<void> {
  // The call purpose lives in its own column (loadDialogueState puts it back).
  const { callPurpose: _purpose, ...rest } = input.state;
  const state = JSON.parse(redactPii(JSON.stringify(rest)).text) as Prisma.InputJsonValue;
  await db().conversation.update({
    where: { id: input.conversationId },
    data: { state, ...(input.handoffSummary ? { handoffSummary: redactPii(input.handoffSummary).text } : {}) },
  });
}
