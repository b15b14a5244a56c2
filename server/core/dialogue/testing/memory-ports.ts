import type { DialogueStateStore, GiftCardInfo, GiftCardLookup, KnowledgeBase, KnowledgeHit, OrderInfo, OrderLookup, ToolCallLog, ToolCallRecord } from "../dialogue-ports";
import type { BookedSeats } from "../booking/availability";
import type { NewReservation, ReservationBook, ReservationChange, ReservationInfo } from "../dialogue-ports";
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

/** Reservations in memory, with the same contract as the Postgres book (references HC-10001, HC-10002, …). */
export class MemoryReservationBook implements ReservationBook {
  readonly reservations: (ReservationInfo & { contact: string })[] = [];
  readonly contacts = new Map<string, string>();

  async bookedBetween(from: Date, to: Date): Promise<BookedSeats[]> {
    return this.reservations.filter((r) => r.status === "confirmed" && r.startsAt >= from && r.startsAt < to).map((r) => ({ startsAt: r.startsAt, partySize: r.partySize }));
  }

  async create(input: NewReservation, overlapping: { from: Date; to: Date }, fits: (booked: BookedSeats[]) => boolean): Promise<ReservationInfo | null> {
    if (!fits(await this.bookedBetween(overlapping.from, overlapping.to))) return null;
    const reservation = {
      id: `r${this.reservations.length + 1}`,
      reference: `HC-${10001 + this.reservations.length}`,
      name: input.name,
      contact: input.contact,
      partySize: input.partySize,
      startsAt: input.startsAt,
      status: "confirmed" as const,
      conversationId: input.conversationId,
    };
    this.reservations.push(reservation);
    this.contacts.delete(input.conversationId);
    return reservation;
  }

  async find(reference: string): Promise<ReservationInfo | null> {
    return this.reservations.find((r) => r.reference === reference) ?? null;
  }

  async cancel(reference: string): Promise<ReservationInfo | null> {
    const found = this.reservations.find((r) => r.reference === reference);
    if (!found) return null;
    const cancelled = { ...found, status: "cancelled" as const };
    this.reservations[this.reservations.indexOf(found)] = cancelled;
    return cancelled;
  }

  async reschedule(reference: string, change: ReservationChange, overlapping: { from: Date; to: Date }, fits: (booked: BookedSeats[]) => boolean): Promise<ReservationInfo | null> {
    const index = this.reservations.findIndex((r) => r.reference === reference && r.status === "confirmed");
    if (index < 0) return null;
    const others = this.reservations.filter((r) => r.reference !== reference && r.status === "confirmed" && r.startsAt >= overlapping.from && r.startsAt < overlapping.to);
    if (!fits(others.map((r) => ({ startsAt: r.startsAt, partySize: r.partySize })))) return null;
    const moved = { ...this.reservations[index]!, partySize: change.partySize, startsAt: change.startsAt };
    this.reservations[index] = moved;
    return moved;
  }

  async rememberContact(conversationId: string, contact: string): Promise<void> {
    this.contacts.set(conversationId, contact);
  }

  async recallContact(conversationId: string): Promise<string | null> {
    return this.contacts.get(conversationId) ?? null;
  }
}
