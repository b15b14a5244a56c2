import { redactDeep, redactPii } from "../../core/dialogue/pii";
import type { DialogueState } from "../../core/dialogue/state";
import { db } from "../db";
import type { Prisma } from "../generated/prisma";

/** Persists the dialogue state (PII redacted) and, when a handoff happened, its summary. */
export async function saveDialogueState(input: { conversationId: string; state: DialogueState; handoffSummary?: string }): Promise<void> {
  // The call purpose lives in its own column (loadDialogueState puts it back).
  const { callPurpose: _purpose, ...rest } = input.state;
  // Each string on its own: redacting the serialised JSON missed a number right after "\n".
  const state = JSON.parse(JSON.stringify(redactDeep(rest))) as Prisma.InputJsonValue;
  await db().conversation.update({
    where: { id: input.conversationId },
    data: { state, ...(input.handoffSummary ? { handoffSummary: redactPii(input.handoffSummary).text } : {}) },
  });
}
