import type { ConversationStore } from "../core/ports";
import { appendTurn } from "./conversations/append-turn";
import { endConversation } from "./conversations/end-conversation";
import { getConversation } from "./conversations/get-conversation";
import { startConversation } from "./conversations/start-conversation";

/** The ConversationStore port over Postgres, for the pipeline and the dialogue core. */
export const prismaConversationStore: ConversationStore = {
  startConversation: (input) => startConversation(input),
  appendTurn: (input) => appendTurn(input),
  async storedTurns(conversationId) {
    const conversation = await getConversation({ id: conversationId });
    return conversation?.turns.map(({ role, text }) => ({ role, text })) ?? [];
  },
  async endConversation(input) {
    await endConversation(input);
  },
};
