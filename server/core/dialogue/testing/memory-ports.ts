import type { DialogueStateStore, GiftCardInfo, GiftCardLookup, KnowledgeBase, KnowledgeHit, OrderInfo, OrderLookup, ToolCallLog, ToolCallRecord } from "../dialogue-ports";
import { newDialogueState, type DialogueState } from "../state";

/** In-memory implementations of the dialogue ports, for tests of the core and the pipeline. */
export class MemoryDialoguePorts implements OrderLookup, ToolCallLog, DialogueStateStore, KnowledgeBase, GiftCardLookup {
  readonly toolCalls: ToolCallRecord[] = [];
  /** Gift cards by full number; `giftCardLookups` records every number a tool asked for (in memory only). */
  readonly giftCards = new Map<string, number>();
  readonly giftCardLookups: string[] = [];
  readonly states = new Map<string, { state: DialogueState; handoffSummary?: string }>();

  constructor(
    private readonly orders: OrderInfo[] = [],
    private readonly hits: (query: string) => KnowledgeHit[] = () => [],
  ) {}

  async findOrder(orderNumber: string): Promise<OrderInfo | null> {
    return this.orders.find((o) => o.orderNumber === orderNumber) ?? null;
  }

  async findGiftCard(cardNumber: string): Promise<GiftCardInfo | null> {
    this.giftCardLookups.push(cardNumber);
    const balanceCents = this.giftCards.get(cardNumber);
    return balanceCents === undefined ? null : { last4: cardNumber.slice(-4), balanceCents };
  }

  async recordToolCall(record: ToolCallRecord): Promise<void> {
    this.toolCalls.push(record);
  }

  async load(conversationId: string): Promise<DialogueState> {
    const saved = this.states.get(conversationId)?.state;
    return saved ? structuredClone(saved) : newDialogueState();
  }

  async save(input: { conversationId: string; state: DialogueState; handoffSummary?: string }): Promise<void> {
    const previous = this.states.get(input.conversationId);
    this.states.set(input.conversationId, { state: structuredClone(input.state), handoffSummary: input.handoffSummary ?? previous?.handoffSummary });
  }

  // Replaceable per test (a slow search that honours its signal); the signature is the port's.
  async search(query: string, _options?: Parameters<KnowledgeBase["search"]>[1]): Promise<KnowledgeHit[]> {
    return this.hits(query);
  }
}
