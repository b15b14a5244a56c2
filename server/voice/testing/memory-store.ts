import type { ConversationStore, TurnLatency } from "../../core/ports";

export interface MemoryTurn {
  conversationId: string;
  seq: number;
  role: "user" | "agent";
  text: string;
  intent?: string;
  interrupted?: boolean;
  latency?: TurnLatency;
}

/** ConversationStore in memory, for pipeline tests. */
export class MemoryStore implements ConversationStore {
  readonly conversations = new Map<string, { channel: string; outcome?: string }>();
  readonly turns: MemoryTurn[] = [];

  async startConversation(input: { channel: "web" | "phone" | "chat" }) {
    const id = `c${this.conversations.size + 1}`;
    this.conversations.set(id, { channel: input.channel });
    return { id };
  }

  async appendTurn(input: Omit<MemoryTurn, "seq"> & { startedAt: Date }) {
    const seq = this.turns.filter((t) => t.conversationId === input.conversationId).length + 1;
    this.turns.push({ ...input, interrupted: input.interrupted ?? false, seq });
    return { id: `${input.conversationId}-${seq}`, seq };
  }

  async endConversation(input: { conversationId: string; outcome: string }) {
    const c = this.conversations.get(input.conversationId);
    if (c && !c.outcome) c.outcome = input.outcome;
  }
}
