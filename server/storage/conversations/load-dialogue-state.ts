import { newDialogueState, type DialogueState } from "../../core/dialogue/state";
import { db } from "../db";

/**
 * The conversation's dialogue state, or a fresh one; any worker can take the
 * next turn. An outbound call's purpose comes from its own column.
 */
export async function loadDialogueState(conversationId: string): Promise<DialogueState> {
  const row = await db().conversation.findUnique({ where: { id: conversationId }, select: { state: true, purpose: true } });
  const stored = row?.state as Partial<DialogueState> | null | undefined;
  return { ...newDialogueState(), ...(stored ?? {}), ...(row?.purpose ? { callPurpose: row.purpose } : {}) };
}
