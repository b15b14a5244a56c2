import type { CallDirection, ChannelKind, ConversationOutcome, ConversationStore, TurnKind, TurnLatency } from "../../core/ports";

export interface MemoryTurn {
  conversationId: string;
  seq: number;
  role: "user" | "agent";
  kind: TurnKind;
  text: string;
  intent?: string;
  interrupted?: boolean;
  latency?: TurnLatency;
}

export interface MemoryConversation {
  channel: ChannelKind;
  direction: CallDirection;
  roomName?: string;
  callerNumber?: string;
  outcome?: ConversationOutcome;
  endReason?: string;
  callerLeftAt?: Date;
}

/** ConversationStore in memory, for pipeline tests; like Postgres, one conversation per room. */
export class MemoryStore implements ConversationStore {
  readonly conversations = new Map<string, MemoryConversation>();
  readonly turns: MemoryTurn[] = [];

  /** An existing row for a room, as the outbound-call API creates it before the worker joins. */
  seed(id: string, conversation: MemoryConversation): void {
    this.conversations.set(id, conversation);
  }

  async startConversation(input: { channel: ChannelKind; roomName?: string; callerNumber?: string; direction?: CallDirection }) {
    for (const [id, c] of this.conversations) if (input.roomName !== undefined && c.roomName === input.roomName) return { id };
    const id = `c${this.conversations.size + 1}`;
    this.conversations.set(id, { channel: input.channel, direction: input.direction ?? "inbound", roomName: input.roomName, callerNumber: input.callerNumber });
    return { id };
  }

  async appendTurn(input: Omit<MemoryTurn, "seq" | "kind"> & { kind?: TurnKind; startedAt: Date }) {
    const seq = this.turns.filter((t) => t.conversationId === input.conversationId).length + 1;
    this.turns.push({ ...input, kind: input.kind ?? "spoken", interrupted: input.interrupted ?? false, seq });
    return { id: `${input.conversationId}-${seq}`, seq };
  }

  async storedTurns(conversationId: string) {
    return this.turns.filter((t) => t.conversationId === conversationId).map(({ role, text }) => ({ role, text }));
  }

  async endConversation(input: { conversationId: string; outcome: ConversationOutcome; endReason?: string; callerLeftAt?: Date }) {
    const c = this.conversations.get(input.conversationId);
    if (c && !c.outcome) {
      c.outcome = input.outcome;
      c.endReason = input.endReason;
      c.callerLeftAt = input.callerLeftAt;
    }
  }
}
