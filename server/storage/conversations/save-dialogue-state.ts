import { redactPii } from "../../core/dialogue/pii";
import type { DialogueState } from "../../core/dialogue/state";
import { db } from "../db";
import type { Prisma } from "../generated/prisma";

/** Persists the dialogue state (PII redacted) and, when a handoff happened, its summary. */
export async function saveDialogueState(input: { conversationId: string; state: DialogueState; handoffSummary?: string }): Promise<void> {
  const state = JSON.parse(redactPii(JSON.stringify(input.state)).text) as Prisma.InputJsonValue;
  await db().conversation.update({
    where: { id: input.conversationId },
    data: { state, ...(input.handoffSummary ? { handoffSummary: redactPii(input.handoffSummary).text } : {}) },
  });
}
