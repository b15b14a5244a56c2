import { z } from "zod";
import type { ChannelKind } from "../ports";
import type { BusinessProfile } from "./business-profile";
import { bookTable, cancelReservation, changeReservation, checkTableAvailability } from "./booking/booking-tools";
import type { GiftCardLookup, KnowledgeBase, OrderLookup, ReservationBook } from "./dialogue-ports";
import { hoursAnswer } from "./hours-answer";
import type { ToolSpec } from "./llm-port";
import { answerMatchesOrder, callerOwnsOrder, DEFAULT_MAX_ORDER_LOOKUPS, MAX_VERIFICATION_FAILURES } from "./order-verification";
import { spellDigitGroups, spellDigits, spokenDate, spokenMoney, writtenMoney } from "./speech-format";
import { handoffSummary, type BookingDraft, type DialogueState } from "./state";

export type ReplyStyle = "voice" | "chat";

export interface ToolContext {
  readonly profile: BusinessProfile;
  readonly orders: OrderLookup;
  readonly knowledge: KnowledgeBase;
  /** Absent where no gift-card store is wired (the tool then reports it as unavailable). */
  readonly giftCards?: GiftCardLookup;
  readonly state: DialogueState;
  readonly style: ReplyStyle;
  /** Where the caller is: a phone call can be transferred; a website visitor gets a callback offer. */
  readonly channel: ChannelKind;
  /** The number a phone caller is calling from (from the SIP bridge, not from what they say). */
  readonly callerNumber?: string;
  /** Order lookups allowed per conversation. */
  readonly maxOrderLookups?: number;
  readonly signal?: AbortSignal;
  readonly conversationId: string;
  /** The clock every "today", "now" and lead time is judged by (injected in tests). */
  readonly now: Date;
  /** Absent where no reservation store is wired (the booking tools then report it as unavailable). */
  readonly reservations?: ReservationBook;
  /**
   * Set only when the caller's words this turn are a plain "yes" right after
   * a read-back: what they said yes to. The booking tools act on nothing else.
   */
  readonly confirmed?: Pick<BookingDraft, "readBack" | "cancelling" | "changing">;
}

/** The error a tool call is recorded with when the turn was cut (barge-in, hang-up) while it ran. */
export const TOOL_CANCELLED = "cancelled";

/** What a tool returns: data for the model, and optionally words to say and a control signal. */
export interface ToolOutcome {
  readonly result: unknown;
  /** A ready-made reply in the channel's style (used by the local fast path). */
  readonly say?: string;
  readonly handoff?: { summary: string };
  readonly end?: boolean;
  readonly sources?: { slug: string; title: string }[];
}

interface ToolDefinition<P extends z.ZodType> {
  readonly name: string;
  readonly description: string;
  readonly parameters: P;
  run(args: z.infer<P>, ctx: ToolContext): Promise<ToolOutcome>;
}

function tool<P extends z.ZodType>(definition: ToolDefinition<P>): ToolDefinition<P> {
  return definition;
}

/**
 * Tool parameters marked `sensitive: true` (card numbers, PINs): the tool gets
 * the real value in memory; stored tool calls and the reply stream get a
 * redaction. A registry of its own, so the mark stays out of the JSON schema
 * the LLM sees.
 */
const sensitiveParameters = z.registry<{ sensitive: true }>();

function sensitive<T extends z.ZodType>(schema: T): T {
  sensitiveParameters.add(schema, { sensitive: true });
  return schema;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Tools defined once: name, description, zod parameters (→ JSON schema for the LLM), handler. */
export const tools = [
  tool({
    name: "get_order_status",
    description:
      "Look up an order by its number. Says only the status unless the caller has proved the order is theirs; then also the items, total and delivery estimate. Pass `verification` only with the caller's own words giving the email address or postcode on the order.",
    parameters: z.object({
      order_number: z.string().regex(/^\d{3,8}$/, "digits only").describe("The order number, digits only"),
      verification: sensitive(z.string().max(300).optional().describe("The caller's answer giving the email address or postcode on the order")),
    }),
    async run({ order_number, verification }, ctx) {
      return orderStatus(order_number, verification, ctx);
    },
  }),
  tool({
    name: "get_business_hours",
    description:
      "Get the business's opening hours: for one day when `date` is given (today's, tomorrow's, a holiday's; says whether it is open right now for today), else the week.",
    parameters: z.object({ date: z.string().regex(isoDate, "YYYY-MM-DD").optional().describe("The day asked about, YYYY-MM-DD in the business's time zone") }),
    async run({ date }, ctx) {
      return hoursAnswer(ctx.profile, ctx.style, ctx.now, date);
    },
  }),
  tool({
    name: "check_table_availability",
    description: "Check whether a table can be booked (opening hours, party size, notice, free seats). Returns nearby free times when it cannot.",
    parameters: z.object({
      partySize: z.number().int().min(1).max(100).describe("How many people"),
      date: z.string().regex(isoDate, "YYYY-MM-DD").describe("YYYY-MM-DD in the business's time zone"),
      time: z.string().regex(clock, "HH:MM").describe("HH:MM, 24-hour, business time"),
    }),
    async run(args, ctx) {
      return checkTableAvailability(args, ctx);
    },
  }),
  tool({
    name: "book_table",
    description:
      "Book a table. The first call reads the details back and books nothing; call it again with the same details only after the caller explicitly says yes. The caller's phone or email reaches you redacted: leave `contact` out and the one they gave is used.",
    parameters: z.object({
      partySize: z.number().int().min(1).max(100).describe("How many people"),
      date: z.string().regex(isoDate, "YYYY-MM-DD").describe("YYYY-MM-DD in the business's time zone"),
      time: z.string().regex(clock, "HH:MM").describe("HH:MM, 24-hour, business time"),
      name: z.string().trim().min(1).max(80).describe("The name the booking is under"),
      contact: sensitive(z.string().max(120).optional().describe("Phone number or email; omit when the caller's came through redacted")),
    }),
    async run(args, ctx) {
      return bookTable(args, ctx);
    },
  }),
  tool({
    name: "cancel_reservation",
    description: "Cancel a reservation by its reference (HC- and 4–6 letters or digits). The first call reads it back; call again only after the caller says yes.",
    parameters: z.object({ reference: z.string().trim().toUpperCase().regex(/^HC-[A-Z0-9]{4,6}$/, "HC- and 4 to 6 letters or digits").describe("The reservation reference, e.g. HC-48275") }),
    async run({ reference }, ctx) {
      return cancelReservation(reference, ctx);
    },
  }),
  tool({
    name: "change_reservation",
    description:
      "Move an existing reservation to another day, time or party size (give only what changes). Without a reference it uses the reservation made earlier in this conversation. The first call checks and reads the move back; call again with the same details only after the caller says yes.",
    parameters: z.object({
      reference: z.string().trim().toUpperCase().regex(/^HC-[A-Z0-9]{4,6}$/, "HC- and 4 to 6 letters or digits").optional().describe("The reservation reference, e.g. HC-48275"),
      partySize: z.number().int().min(1).max(100).optional().describe("The new number of people"),
      date: z.string().regex(isoDate, "YYYY-MM-DD").optional().describe("The new day, YYYY-MM-DD in the business's time zone"),
      time: z.string().regex(clock, "HH:MM").optional().describe("The new time, HH:MM, 24-hour, business time"),
    }),
    async run(args, ctx) {
      return changeReservation(args, ctx);
    },
  }),
  tool({
    name: "search_knowledge_base",
    description: "Search the business's knowledge base (menu, delivery, reservations, policies) for facts to answer a question.",
    parameters: z.object({ query: z.string().min(2).describe("What to look up, in a few words") }),
    async run({ query }, ctx) {
      const hits = await ctx.knowledge.search(query, { limit: 3, signal: ctx.signal });
      return {
        result: hits.map((h) => ({ source: h.documentTitle, section: h.heading, text: h.content })),
        sources: dedupe(hits.map((h) => ({ slug: h.documentSlug, title: h.documentTitle }))),
      };
    },
  }),
  tool({
    name: "check_gift_card_balance",
    description: "Look up the remaining balance of a gift card by its number. The number is sensitive: never repeat it back, say only its last four digits.",
    parameters: z.object({ card_number: sensitive(z.string().regex(/^\d{12,19}$/, "12 to 19 digits").describe("The gift card number, digits only")) }),
    async run({ card_number }, ctx) {
      if (!ctx.giftCards) throw new ToolError("gift cards are not available");
      const last4 = card_number.slice(-4);
      const spokenLast4 = ctx.style === "voice" ? spellDigits(last4) : last4;
      const card = await ctx.giftCards.findGiftCard(card_number);
      if (!card) {
        return { result: { found: false }, say: `I couldn't find a gift card ending in ${spokenLast4}. Could you check the number and enter it again?` };
      }
      const balance = ctx.style === "voice" ? spokenMoney(card.balanceCents) : writtenMoney(card.balanceCents);
      return { result: { found: true, last4: card.last4, balance: writtenMoney(card.balanceCents) }, say: `The gift card ending in ${spokenLast4} has ${balance} left on it.` };
    },
  }),
  tool({
    name: "transfer_to_human",
    description: "Hand the conversation to a human colleague. Use when the caller asks for a person, or you cannot help.",
    parameters: z.object({ reason: z.string().min(2).describe("Why the caller needs a human, in one sentence") }),
    async run({ reason }, ctx) {
      const summary = handoffSummary(ctx.state, reason);
      const phone = ctx.profile.phone ? ` at ${ctx.profile.phone}` : "";
      const say =
        ctx.channel === "phone"
          ? "Of course. I'm transferring you to a colleague now, and I've passed on what you told me, so you won't need to repeat yourself."
          : ctx.channel === "web"
            ? `Of course. I've passed what you told me to a colleague, so you won't need to repeat yourself. Call us${phone} and they'll pick it up from there, or keep talking to me here.`
            : `Of course — I've passed your conversation to a colleague, so you won't need to repeat yourself. They'll reply here, or call you back if you leave your number${phone ? `; you can also call us${phone}` : ""}.`;
      return { result: { transferred: true }, say, handoff: { summary } };
    },
  }),
  tool({
    name: "end_conversation",
    description: "End the conversation politely when the caller says goodbye or has nothing else.",
    parameters: z.object({}),
    async run(_args, ctx) {
      return { result: { ended: true }, say: `Thanks for contacting ${ctx.profile.name}. Goodbye!`, end: true };
    },
  }),
] as const;

export type ToolName = (typeof tools)[number]["name"];

export function toolSpecs(): ToolSpec[] {
  return tools.map((t) => ({ name: t.name, description: t.description, parameters: z.toJSONSchema(t.parameters) as ToolSpec["parameters"] }));
}

/** The names of a tool's parameters marked sensitive (empty for an unknown tool). */
export function sensitiveArgumentsOf(name: string): string[] {
  const parameters = tools.find((t) => t.name === name)?.parameters;
  if (!(parameters instanceof z.ZodObject)) return [];
  return Object.entries(parameters.shape as Record<string, z.ZodType>)
    .filter(([, schema]) => sensitiveParameters.has(schema))
    .map(([key]) => key);
}

/** Validates arguments with the tool's zod schema and runs it; bad arguments are a tool error, not a crash. */
export async function runTool(name: string, rawArgs: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  const definition = tools.find((t) => t.name === name);
  if (!definition) throw new ToolError(`unknown tool: ${name}`);
  const parsed = definition.parameters.safeParse(rawArgs);
  if (!parsed.success) throw new ToolError(`invalid arguments for ${name}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  // Each definition's run matches its own schema; the union loses that link.
  return (definition.run as (args: unknown, ctx: ToolContext) => Promise<ToolOutcome>)(parsed.data, ctx);
}

/**
 * An order's status for anyone who knows its number; its items, total and
 * delivery date only for a caller who proved it is theirs (order-verification.ts).
 * Lookups per conversation are capped. The customer's name is never said.
 */
async function orderStatus(orderNumber: string, verification: string | undefined, ctx: ToolContext): Promise<ToolOutcome> {
  const { state, style } = ctx;
  const lookups = state.orderLookups ?? 0;
  if (lookups >= (ctx.maxOrderLookups ?? DEFAULT_MAX_ORDER_LOOKUPS)) {
    return {
      result: { refused: "order lookup limit for this conversation reached" },
      say: "I can't look up any more orders in this conversation. A colleague can help with the rest if you like.",
    };
  }
  state.orderLookups = lookups + 1;
  const order = await ctx.orders.findOrder(orderNumber);
  const spoken = (digits: string) => (style === "voice" ? spellDigitGroups(digits) : `**${digits}**`);
  if (!order) {
    const number = style === "voice" ? spellDigitGroups(orderNumber) : orderNumber;
    return { result: { found: false }, say: `I couldn't find an order with the number ${number}. Could you check the number and say it again?` };
  }
  const failures = state.verificationFailures ?? 0;
  let verified = Boolean(state.verifiedOrders?.includes(order.orderNumber)) || callerOwnsOrder(ctx.callerNumber, order);
  let wrongAnswer = false;
  if (!verified && verification !== undefined && failures < MAX_VERIFICATION_FAILURES) {
    verified = answerMatchesOrder(verification, order);
    wrongAnswer = !verified;
    if (wrongAnswer) state.verificationFailures = failures + 1;
  }
  if (verified) {
    state.verifying = undefined;
    if (!state.verifiedOrders?.includes(order.orderNumber)) state.verifiedOrders = [...(state.verifiedOrders ?? []), order.orderNumber];
    const total = style === "voice" ? spokenMoney(order.totalCents) : writtenMoney(order.totalCents);
    const eta = order.eta && order.status !== "delivered" ? ` It should arrive on ${spokenDate(order.eta)}.` : "";
    return {
      result: { found: true, verified: true, status: order.status, items: order.items, total: writtenMoney(order.totalCents), eta: order.eta?.toISOString() ?? null },
      say: `Order ${spoken(order.orderNumber)} is ${order.status}: ${order.items}, ${total}.${eta}`,
    };
  }
  const canAsk = (state.verificationFailures ?? 0) < MAX_VERIFICATION_FAILURES;
  state.verifying = canAsk ? { orderNumber: order.orderNumber } : undefined;
  const factor = "the email address or postcode on the order";
  const next = !canAsk
    ? " That didn't match our records, so I can only tell you the status. A colleague can help with anything else."
    : wrongAnswer
      ? ` That doesn't match what we have on file. Could you give me ${factor} again?`
      : ` To tell you more about it, I need ${factor}.`;
  return {
    result: { found: true, verified: false, status: order.status, note: `Only the status may be shared until the caller gives ${factor}.` },
    say: `Order ${spoken(order.orderNumber)} is ${order.status}.${next}`,
  };
}

export class ToolError extends Error {
  override name = "ToolError";
}

function dedupe<T extends { slug: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.slug) ? false : (seen.add(i.slug), true)));
}
