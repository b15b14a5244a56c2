import { abortable } from "../abortable";
import { isAbortError } from "../errors";
import type { Logger } from "../log";
import type { ChannelKind, TurnKind } from "../ports";
import type { BusinessProfile, IntentDefinition } from "./business-profile";
import { aboutTheBooking, continuesBooking, startsBooking } from "./booking/flow";
import { localBookingRoute } from "./booking/local-route";
import { readBookingTurn } from "./booking/turn-facts";
import type { GiftCardLookup, KnowledgeBase, OrderLookup, ReservationBook, ToolCallLog } from "./dialogue-ports";
import { hoursArguments } from "./hours-answer";
import { cueInTurn, intentForCue } from "./cues";
import { digitCount, digitsOf, menuPrompt, pendingCapture, singleKey, type PendingCapture } from "./digit-entry";
import { IntentClassifier } from "./intent-classifier";
import type { ChatMessage, LanguageModel, ToolCall } from "./llm-port";
import { systemPrompt } from "./prompts";
import { looksLikeVerificationAnswer } from "./order-verification";
import { redactArguments, redactPii, redactSensitiveEntry } from "./pii";
import { greetingFor, knowledgeAnswer, renderTemplate, round, safeJsonOrUndefined, storableArguments } from "./dialogue-helpers";
import { neutraliseUserText } from "./sanitize";
import { extractSlots } from "./slots";
import { digitsPending, rememberTurn, type DialogueState } from "./state";
import { runTool, sensitiveArgumentsOf, TOOL_CANCELLED, toolSpecs, type ReplyStyle, type ToolContext, type ToolOutcome } from "./tools";

export { TOOL_CANCELLED } from "./tools";

export type Route = "intent" | "llm" | "knowledge" | "unanswered" | "escalation";

/** What the core streams back for one user turn. */
export type ReplyEvent =
  /**
   * First event of every turn: the user's words as they may be stored. An
   * answer to a sensitive digit capture comes back redacted; channels store
   * this, never the text they sent in.
   */
  | { readonly type: "input"; readonly storedText: string; readonly sensitive: boolean }
  | { readonly type: "route"; readonly route: Route; readonly intent?: string; readonly confidence?: number }
  | { readonly type: "text"; readonly delta: string }
  | { readonly type: "tool_call"; readonly id: string; readonly name: string; readonly arguments: unknown }
  | { readonly type: "tool_result"; readonly id: string; readonly name: string; readonly result?: unknown; readonly error?: string }
  | { readonly type: "sources"; readonly sources: readonly { slug: string; title: string }[] }
  | { readonly type: "handoff"; readonly summary: string }
  | { readonly type: "end" };

export interface DialogueDeps {
  readonly profile: BusinessProfile;
  readonly orders: OrderLookup;
  readonly knowledge: KnowledgeBase;
  readonly giftCards?: GiftCardLookup;
  readonly toolLog: ToolCallLog;
  /** The LLM (usually a fallback chain); absent = local brain only. */
  readonly llm?: LanguageModel;
  readonly log: Logger;
  /** Cosine score at or above which a known intent takes the fast path. */
  readonly fastPathScore?: number;
  readonly maxToolSteps?: number;
  readonly maxTokens?: number;
  /** Order lookups allowed per conversation (default 5). */
  readonly maxOrderLookups?: number;
  /** Table reservations; absent = the booking tools say they are unavailable. */
  readonly reservations?: ReservationBook;
  /** The clock (injected in tests): "today", "now" and booking lead times are judged by it. */
  readonly now?: () => Date;
}

export interface TurnInput {
  readonly conversationId: string;
  /** Mutated in place: the caller persists it after the turn. */
  readonly state: DialogueState;
  readonly text: string;
  readonly channel: ChannelKind;
  /** How the text arrived; only a keypad entry can pick a menu option. Defaults to spoken. */
  readonly kind?: TurnKind;
  /** The number a phone caller is calling from, as the SIP bridge reported it (proves ownership of an order with that number). */
  readonly callerNumber?: string;
  readonly signal?: AbortSignal;
}

export interface GreetingContext {
  readonly channel?: ChannelKind;
  /** Set when the agent placed the call: it opens with why it is calling. */
  readonly purpose?: string;
}

export interface Dialogue {
  reply(input: TurnInput): AsyncIterable<ReplyEvent>;
  /** The agent's first words: the profile's greeting (with the keypad menu on the phone) or an outbound opening. */
  greeting(context?: GreetingContext): string;
}

const frustration = /\b(useless|ridiculous|stupid|waste of time|not helping|frustrat\w*|annoy\w*|terrible|awful)\b|!{3,}/i;

/**
 * One brain for every channel. A known intent with high confidence takes the
 * local fast path (no LLM call); the rest go to the LLM with tools when one is
 * configured, else to the knowledge base, else an honest "I'm not sure — I can
 * transfer you". An LLM failure never reaches the channel: it falls back to
 * the local brain.
 */
export function createDialogue(deps: DialogueDeps): Dialogue {
  const classifier = new IntentClassifier(deps.profile.intents);
  const fastPathScore = deps.fastPathScore ?? 0.6;
  const maxSteps = deps.maxToolSteps ?? 4;
  // Below the fast path but clearly nearer one intent than chance: offered when nothing else fits.
  const nearMissScore = Math.min(0.35, fastPathScore);

  async function* reply(input: TurnInput): AsyncIterable<ReplyEvent> {
    const { state, conversationId } = input;
    const style: ReplyStyle = input.channel === "chat" ? "chat" : "voice";
    const capture = pendingCapture(deps.profile, state);
    const entered = capture ? digitsOf(input.text) : "";
    // An answer to a sensitive capture never leaves this turn in clear: not in storage, slots or the LLM's history.
    const sensitive = Boolean(capture?.capture.sensitive && entered);
    const storedText = sensitive ? redactSensitiveEntry(input.text) : input.text;
    yield { type: "input", storedText, sensitive };
    const text = neutraliseUserText(input.text);
    // Slots are kept in the stored state: taken from the redacted words, so a phone or card number
    // never becomes a "digits" slot (an order number is not PII and survives redaction).
    if (!sensitive) Object.assign(state.slots, extractSlots(redactPii(text).text));
    const now = deps.now?.() ?? new Date();
    const booking = sensitive ? undefined : await readBookingTurn(text, { now, state, conversationId, calendar: deps.profile.calendar, reservations: deps.reservations });
    const ctx: ToolContext = {
      profile: deps.profile,
      orders: deps.orders,
      knowledge: deps.knowledge,
      giftCards: deps.giftCards,
      state,
      style,
      channel: input.channel,
      callerNumber: input.callerNumber,
      maxOrderLookups: deps.maxOrderLookups,
      signal: input.signal,
      conversationId,
      now,
      reservations: deps.reservations,
      confirmed: booking?.confirmed,
    };
    const said: string[] = [];
    // The reply of the last tool run (the booking flow weaves it into its own sentence).
    let lastSay: string | undefined;
    const emit = function* (events: Iterable<ReplyEvent>): Iterable<ReplyEvent> {
      for (const e of events) {
        if (e.type === "text") said.push(e.delta);
        yield e;
      }
    };
    // What reaches the LLM provider: the caller's words as they are stored, PII redacted
    // (the core matched order verification answers from the raw words above).
    rememberTurn(state, "user", redactPii(sensitive ? neutraliseUserText(storedText) : text).text);
    let handled = false;
    try {
      const routed = await route();
      handled = routed.length > 0;
      yield* emit(routed);
      for await (const e of llmOrLocal()) yield* emit([e]);
    } finally {
      if (said.length) rememberTurn(state, "agent", said.join(""));
    }

    // The deterministic part of the router: escalations and the intent fast path.
    async function route(): Promise<ReplyEvent[]> {
      if (frustration.test(input.text)) {
        state.lowConfidenceStreak = 0;
        return [{ type: "route", route: "escalation", intent: "frustration" }, ...(await call("transfer_to_human", { reason: "the caller sounds frustrated" }))];
      }
      if (capture) {
        const answered = await continueCapture(capture);
        if (answered) return answered;
      }
      // "What's the email or postcode on the order?" answered: checked here, never by the LLM.
      if (state.verifying && !/\border\b/i.test(text) && looksLikeVerificationAnswer(text)) {
        const head: ReplyEvent = { type: "route", route: "intent", intent: "order_status", confidence: 1 };
        return [head, ...(await call("get_order_status", { order_number: state.verifying.orderNumber, verification: text }))];
      }
      if (state.awaiting === "order_number" && state.slots.orderNumber) {
        state.awaiting = undefined;
        return [{ type: "route", route: "intent", intent: "order_status", confidence: 1 }, ...(await call("get_order_status", { order_number: state.slots.orderNumber }))];
      }
      const key = input.kind === "keypad" && deps.profile.keypadMenu && !digitsPending(state) ? singleKey(text) : undefined;
      if (key !== undefined) return menuChoice(key);
      const match = classifier.classify(text);
      const cue = cueInTurn(text, state, deps.profile.intents);
      const otherIntent = cue !== undefined || (match.score >= fastPathScore && match.intent !== "reservation");
      if (booking && !deps.llm && deps.reservations && continuesBooking(booking.facts, state, text, otherIntent)) return localBooking(booking);
      if (cue?.kind === "order_status") state.slots.orderNumber = cue.orderNumber;
      if (cue) return answerIntent(intentForCue(deps.profile.intents, cue.kind), 1);
      if (match.score < fastPathScore || match.margin < 0.05) return [];
      const intent = deps.profile.intents.find((i) => i.name === match.intent);
      if (!intent) return [];
      return answerIntent(intent, round(match.score));
    }

    // A known intent, from the classifier or the phone menu: its tool, its digit capture or its response.
    async function answerIntent(intent: IntentDefinition, confidence: number): Promise<ReplyEvent[]> {
      state.lowConfidenceStreak = 0;
      state.lastIntent = intent.name;
      const head: ReplyEvent = { type: "route", route: "intent", intent: intent.name, confidence };
      if (intent.capture && intent.tool) {
        state.capture = { intent: intent.name, attempts: 0 };
        return [head, { type: "text", delta: style === "voice" ? intent.capture.prompt : `Sure — please type the number (${digitCount(intent.capture)}).` }];
      }
      if (intent.tool === "get_order_status") {
        if (!state.slots.orderNumber) {
          state.awaiting = "order_number";
          return [head, { type: "text", delta: style === "voice" ? "Sure. What is your order number? You can say the digits or type them on the keypad." : "Sure — what's your order number?" }];
        }
        return [head, ...(await call("get_order_status", { order_number: state.slots.orderNumber }))];
      }
      if (intent.tool === "get_business_hours") return [head, ...(await call("get_business_hours", hoursArguments(text, now, deps.profile)))];
      // With an LLM, booking goes through its tool calls.
      if (intent.tool === "book_table") return deps.llm || !deps.reservations || !booking ? [] : localBooking(booking);
      if (intent.tool === "transfer_to_human") return [head, ...(await call("transfer_to_human", { reason: "the caller asked for a person" }))];
      if (intent.tool === "end_conversation") return [head, ...(await call("end_conversation", {}))];
      return [head, { type: "text", delta: renderTemplate(deps.profile, intent.response, style) }];
    }

    // One key pressed with nothing pending: the menu option it names, or the menu again.
    async function menuChoice(key: string): Promise<ReplyEvent[]> {
      const menu = deps.profile.keypadMenu!;
      const option = menu.options.find((o) => o.key === key);
      if (!option) return [{ type: "route", route: "intent", intent: "keypad_menu", confidence: 1 }, { type: "text", delta: `Sorry, ${key} is not an option. ${menuPrompt(menu)}` }];
      const intent = option.intent !== undefined ? deps.profile.intents.find((i) => i.name === option.intent) : undefined;
      if (intent) return answerIntent(intent, 1);
      return [{ type: "route", route: "intent", intent: `keypad_${key}`, confidence: 1 }, { type: "text", delta: renderTemplate(deps.profile, option.response ?? menuPrompt(menu), style) }];
    }

    // The caller owes digits: the right count runs the tool, a wrong count asks again, no digits drops the question.
    async function continueCapture({ intent, capture: spec }: PendingCapture): Promise<ReplyEvent[] | undefined> {
      if (!entered) {
        state.capture = undefined;
        return undefined;
      }
      const head: ReplyEvent = { type: "route", route: "intent", intent: intent.name, confidence: 1 };
      if (entered.length < spec.minDigits || entered.length > spec.maxDigits) {
        const attempts = (state.capture?.attempts ?? 0) + 1;
        if (attempts >= 3) {
          state.capture = undefined;
          return [head, { type: "text", delta: "Sorry, I still couldn't take that number. I can transfer you to a colleague if you like." }];
        }
        state.capture = { intent: intent.name, attempts };
        const again = style === "voice" ? spec.prompt : "Please type it again.";
        return [head, { type: "text", delta: `That was ${entered.length} digit${entered.length === 1 ? "" : "s"}, but I need ${digitCount(spec)}. ${again}` }];
      }
      state.capture = undefined;
      return [head, ...(await call(intent.tool!, { [spec.argument]: entered }))];
    }

    function localBooking(turn: NonNullable<typeof booking>): Promise<ReplyEvent[]> {
      return localBookingRoute(turn, state, { profile: deps.profile, style, channel: input.channel, callerNumber: input.callerNumber, conversationId, reservations: deps.reservations, runQuietly });
    }

    // A tool whose reply the caller weaves into its own sentence (the booking flow).
    async function runQuietly(name: string, args: Record<string, unknown>) {
      const events = await call(name, args, { speak: false });
      return { events, say: lastSay, result: events.flatMap((e) => (e.type === "tool_result" ? [e.result] : []))[0] };
    }

    async function* llmOrLocal(): AsyncIterable<ReplyEvent> {
      if (said.length > 0 || handled) return;
      if (deps.llm) {
        let spoke = false;
        try {
          for await (const e of viaLlm(deps.llm)) {
            if (e.type === "text") spoke = true;
            yield e;
          }
          if (spoke) state.lowConfidenceStreak = 0;
          // A cut turn ends here too: the local brain must not answer what the caller talked over.
          if (spoke || input.signal?.aborted) return;
        } catch (error) {
          if (isAbortError(error) || input.signal?.aborted) return;
          deps.log.warn("LLM unavailable; answering from the local brain", { error, conversationId });
          // Something was already said: end there rather than answer twice.
          if (spoke) return;
        }
      }
      yield* local();
    }

    async function* viaLlm(llm: LanguageModel): AsyncIterable<ReplyEvent> {
      yield { type: "route", route: "llm" };
      const messages: ChatMessage[] = [{ role: "system", content: systemPrompt(deps.profile, style, { callPurpose: state.callPurpose, now }) }];
      // The summary is the caller's own earlier words: it goes in as user content, never with the system role.
      if (state.summary) messages.push({ role: "user", content: state.summary });
      for (const t of state.turns) messages.push({ role: t.role === "user" ? "user" : "assistant", content: t.text });
      const specs = toolSpecs();
      for (let step = 0; step < maxSteps && !input.signal?.aborted; step++) {
        const calls: ToolCall[] = [];
        let text = "";
        // Raced against the turn's signal: a barge-in stops the read (and closes the request) at once.
        const stream = llm.stream({ messages, tools: specs, maxTokens: deps.maxTokens ?? (style === "voice" ? 120 : 400) }, { signal: input.signal });
        for await (const e of abortable(stream, input.signal)) {
          if (e.type === "text") {
            text += e.delta;
            yield { type: "text", delta: e.delta };
          } else if (e.type === "tool_call") {
            calls.push(e);
          }
        }
        // A cut turn runs none of the tools the model asked for before it was cut.
        if (calls.length === 0 || input.signal?.aborted) return;
        messages.push({ role: "assistant", content: text, toolCalls: calls });
        for (const c of calls) {
          yield { type: "tool_call", id: c.id, name: c.name, arguments: storableArguments(c.name, safeJsonOrUndefined(c.arguments), c.arguments) };
          const r = await execute(c);
          yield* outcomeEvents(c.id, c.name, r);
          messages.push({ role: "tool", toolCallId: c.id, content: JSON.stringify(r.error ? { error: r.error } : (r.outcome?.result ?? null)) });
          if (r.outcome?.handoff || r.outcome?.end) {
            if (r.outcome.say) yield { type: "text", delta: r.outcome.say };
            return;
          }
        }
      }
      if (!input.signal?.aborted) yield { type: "text", delta: "Sorry, I couldn't finish looking that up." };
    }

    async function* local(): AsyncIterable<ReplyEvent> {
      if (booking && deps.reservations && (startsBooking(booking.facts, text, state) || (state.booking && aboutTheBooking(booking.facts)))) {
        yield* await localBooking(booking);
        return;
      }
      const hits = await deps.knowledge.search(text, { limit: 3, signal: input.signal }).catch((error: unknown) => {
        deps.log.warn("knowledge search failed", { error, conversationId });
        return [];
      });
      const top = hits[0];
      if (top) {
        state.lowConfidenceStreak = 0;
        yield { type: "route", route: "knowledge", confidence: round(top.score) };
        yield { type: "sources", sources: [{ slug: top.documentSlug, title: top.documentTitle }] };
        yield { type: "text", delta: knowledgeAnswer(top.content, top.documentTitle, style, text) };
        return;
      }
      // Something close (a weak match to a known intent, not a guess at random): answer that, and say so.
      const near = classifier.classify(text);
      const nearIntent = near.score >= nearMissScore ? deps.profile.intents.find((i) => i.name === near.intent && !i.capture && i.tool !== "transfer_to_human" && i.tool !== "end_conversation") : undefined;
      if (nearIntent) {
        const [route, ...rest] = await answerIntent(nearIntent, round(near.score));
        if (route) yield route;
        yield { type: "text", delta: "I think you're asking about this: " };
        for (const e of rest) yield e;
        return;
      }
      state.lowConfidenceStreak += 1;
      yield { type: "route", route: "unanswered" };
      if (state.lowConfidenceStreak >= 3) {
        state.lowConfidenceStreak = 0;
        for (const e of await call("transfer_to_human", { reason: "the agent could not help three times in a row" })) yield e;
        return;
      }
      yield { type: "text", delta: "I'm not sure about that. I can tell you our opening hours and where we are, check an order, book a table, or transfer you to a colleague." };
    }

    async function call(name: string, args: unknown, options: { speak?: boolean } = {}): Promise<ReplyEvent[]> {
      const id = `local-${name}-${Date.now().toString(36)}`;
      const events: ReplyEvent[] = [{ type: "tool_call", id, name, arguments: redactArguments(args, sensitiveArgumentsOf(name)) }];
      const outcome = await execute({ id, name, arguments: JSON.stringify(args) });
      events.push(...outcomeEvents(id, name, outcome));
      lastSay = outcome.outcome?.say ?? (outcome.error ? "Sorry, something went wrong on my side. Could you say that again?" : undefined);
      if (outcome.outcome?.say && options.speak !== false) events.push({ type: "text", delta: outcome.outcome.say });
      return events;
    }

    async function execute(toolCall: ToolCall): Promise<{ outcome?: ToolOutcome; error?: string }> {
      const started = Date.now();
      let args: unknown;
      let outcome: ToolOutcome | undefined;
      let error: string | undefined;
      try {
        args = JSON.parse(toolCall.arguments || "{}");
        outcome = await runTool(toolCall.name, args, ctx);
      } catch (e) {
        // A tool stopped by the turn's signal (barge-in, hang-up) is recorded as cancelled, not as a failure.
        error = input.signal?.aborted ? TOOL_CANCELLED : e instanceof Error ? e.message : String(e);
      }
      await deps.toolLog
        .recordToolCall({
          conversationId,
          name: toolCall.name,
          // The tool had the real values; the record keeps sensitive ones redacted.
          arguments: storableArguments(toolCall.name, args, toolCall.arguments),
          result: outcome?.result,
          error,
          startedAt: new Date(started),
          durationMs: Date.now() - started,
        })
        .catch((e: unknown) => deps.log.warn("tool call not recorded", { error: e, tool: toolCall.name }));
      return { outcome, error };
    }

    function outcomeEvents(id: string, name: string, r: { outcome?: ToolOutcome; error?: string }): ReplyEvent[] {
      const events: ReplyEvent[] = [{ type: "tool_result", id, name, result: r.outcome?.result, error: r.error }];
      if (r.outcome?.sources?.length) events.push({ type: "sources", sources: r.outcome.sources });
      if (r.outcome?.handoff) events.push({ type: "handoff", summary: r.outcome.handoff.summary });
      if (r.outcome?.end) events.push({ type: "end" });
      return events;
    }
  }

  return { reply, greeting: (context?: GreetingContext) => greetingFor(deps.profile, context) };
}
