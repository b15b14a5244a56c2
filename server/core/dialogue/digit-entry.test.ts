import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../business-profile";
import { createScriptedModel, type ScriptedTurn } from "../../providers/llm/scripted";
import { createLogger } from "../log";
import type { TurnKind } from "../ports";
import { businessProfileSchema } from "./business-profile";
import { createDialogue, type ReplyEvent } from "./dialogue";
import { redactArguments, redactSensitiveEntry } from "./pii";
import { newDialogueState, type DialogueState } from "./state";
import { MemoryDialoguePorts } from "./testing/memory-ports";

const profile = loadBusinessProfile();
const log = createLogger({}, "error");
const order = { orderNumber: "4271", customerName: "Ada", status: "shipped", items: "2 croissants", totalCents: 1250, placedAt: new Date(), eta: null };
const CARD = "6006491234567890";

function setup(script?: ScriptedTurn[]) {
  const ports = new MemoryDialoguePorts([order]);
  ports.giftCards.set(CARD, 2350);
  const llm = script ? createScriptedModel(script) : undefined;
  const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, giftCards: ports, toolLog: ports, llm, log });
  return { ports, llm, dialogue };
}

async function turn(dialogue: ReturnType<typeof setup>["dialogue"], state: DialogueState, text: string, kind: TurnKind = "keypad") {
  const events: ReplyEvent[] = [];
  for await (const e of dialogue.reply({ conversationId: "c1", state, text, channel: "phone", kind })) events.push(e);
  const input = events.find((e) => e.type === "input");
  return {
    events,
    stored: input?.type === "input" ? input.storedText : undefined,
    text: events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join(""),
    route: events.find((e) => e.type === "route"),
  };
}

describe("phone keypad menu", () => {
  it("is offered after the greeting on the phone only", () => {
    const { dialogue } = setup();
    const phone = dialogue.greeting({ channel: "phone" });
    expect(phone.startsWith(profile.greeting)).toBe(true);
    expect(phone).toContain("On your keypad, press 1 for opening hours, 2 for order status");
    expect(phone).toMatch(/or 0 for a person\.$/);
    expect(dialogue.greeting({ channel: "web" })).toBe(profile.greeting);
    expect(dialogue.greeting()).toBe(profile.greeting);
  });

  it("routes a single key to its option's intent, without the LLM", async () => {
    const { dialogue, llm } = setup([]);
    const r = await turn(dialogue, newDialogueState(), "1");
    expect(r.route).toMatchObject({ route: "intent", intent: "hours", confidence: 1 });
    expect(r.text).toContain("Monday to Friday");
    expect(llm?.requests).toHaveLength(0);
    expect(r.stored).toBe("1");
  });

  it("hands over to a person on 0", async () => {
    const { dialogue } = setup();
    const r = await turn(dialogue, newDialogueState(), "0");
    expect(r.events.some((e) => e.type === "handoff")).toBe(true);
  });

  it("answers a key that is no option with the menu again", async () => {
    const { dialogue } = setup();
    const r = await turn(dialogue, newDialogueState(), "9");
    expect(r.text).toMatch(/^Sorry, 9 is not an option\. On your keypad, press 1/);
  });

  it("does not treat a spoken or typed digit as a menu choice", async () => {
    const { dialogue } = setup();
    const spoken = await turn(dialogue, newDialogueState(), "1", "spoken");
    expect(spoken.route).not.toMatchObject({ intent: "hours" });
  });

  it("keeps digits entered while an order number is awaited as data, in clear", async () => {
    const { dialogue, ports } = setup();
    const state = newDialogueState();
    const asked = await turn(dialogue, state, "2");
    expect(asked.route).toMatchObject({ intent: "order_status" });
    expect(asked.text).toMatch(/order number/i);
    const answered = await turn(dialogue, state, "4271");
    expect(answered.text).toContain("shipped");
    expect(answered.stored).toBe("4271");
    expect(ports.toolCalls).toEqual([expect.objectContaining({ name: "get_order_status", arguments: { order_number: "4271" } })]);
  });

  it("reads a longer entry as data, not as a menu choice", async () => {
    const { dialogue } = setup();
    const r = await turn(dialogue, newDialogueState(), "12");
    expect(r.route).not.toMatchObject({ route: "intent", intent: "hours" });
    expect(r.stored).toBe("12");
  });
});

describe("sensitive digit capture", () => {
  it("gives the tool the real digits and stores only a redaction, in the turn, the tool call and the state", async () => {
    const { dialogue, ports } = setup();
    const state = newDialogueState();
    const asked = await turn(dialogue, state, "3");
    expect(asked.route).toMatchObject({ intent: "gift_card_balance" });
    expect(asked.text).toMatch(/sixteen-digit gift card number/);
    expect(state.capture).toEqual({ intent: "gift_card_balance", attempts: 0 });

    const r = await turn(dialogue, state, CARD);
    expect(ports.giftCardLookups).toEqual([CARD]);
    expect(r.text).toContain("ending in seven eight nine zero");
    expect(r.text).toContain("twenty-three dollars and fifty cents");
    expect(r.stored).toBe("[redacted 16 digits]");
    expect(r.events.find((e) => e.type === "input")).toMatchObject({ sensitive: true });
    expect(ports.toolCalls).toEqual([expect.objectContaining({ name: "check_gift_card_balance", arguments: { card_number: "[redacted 16 digits]" } })]);
    const toolCallEvent = r.events.find((e) => e.type === "tool_call");
    expect(JSON.stringify(toolCallEvent)).not.toContain(CARD);
    expect(JSON.stringify(state)).not.toMatch(/\d{5,}/);
    expect(state.capture).toBeUndefined();
  });

  it("redacts digits spoken in answer to the capture too", async () => {
    const { dialogue, ports } = setup();
    const state = newDialogueState();
    await turn(dialogue, state, "check my gift card balance", "spoken");
    const r = await turn(dialogue, state, "six zero zero six four nine one two three four five six seven eight nine zero", "spoken");
    expect(r.stored).toBe("[redacted 16 digits]");
    expect(ports.giftCardLookups).toEqual([CARD]);
  });

  it("asks again on a wrong count (still redacted), and gives up after three tries", async () => {
    const { dialogue, ports } = setup();
    const state = newDialogueState();
    await turn(dialogue, state, "3");
    const short = await turn(dialogue, state, "12345");
    expect(short.text).toMatch(/^That was 5 digits, but I need 16 digits\./);
    expect(short.stored).toBe("[redacted 5 digits]");
    await turn(dialogue, state, "1");
    const third = await turn(dialogue, state, "1234");
    expect(third.stored).toBe("[redacted digits]");
    expect(third.text).toMatch(/couldn't take that number/);
    expect(state.capture).toBeUndefined();
    expect(ports.giftCardLookups).toEqual([]);
  });

  it("drops the question when the caller asks something else instead", async () => {
    const { dialogue } = setup();
    const state = newDialogueState();
    await turn(dialogue, state, "3");
    const r = await turn(dialogue, state, "what are your opening hours", "spoken");
    expect(r.route).toMatchObject({ intent: "hours" });
    expect(r.stored).toBe("what are your opening hours");
    expect(state.capture).toBeUndefined();
  });

  it("redacts a sensitive argument the LLM passes to the tool by itself", async () => {
    const { dialogue, ports } = setup([
      [{ type: "tool_call", id: "t1", name: "check_gift_card_balance", arguments: JSON.stringify({ card_number: CARD }) }, { type: "done", finishReason: "tool_calls" }],
      [{ type: "text", delta: "It has $23.50 left." }, { type: "done", finishReason: "stop" }],
    ]);
    await turn(dialogue, newDialogueState(), "could you tell me about the card I bought for my sister", "spoken");
    expect(ports.giftCardLookups).toEqual([CARD]);
    expect(ports.toolCalls[0]?.arguments).toEqual({ card_number: "[redacted 16 digits]" });
  });
});

describe("outbound opening", () => {
  it("says who is calling and why", () => {
    const { dialogue } = setup();
    expect(dialogue.greeting({ channel: "phone", purpose: "your order 4271, which is ready for pickup." })).toBe(
      "Hi, this is Harbor Cafe, calling about your order 4271, which is ready for pickup. Is there anything you'd like to ask me about it?",
    );
  });

  it("tells the LLM what the call is about", async () => {
    const { dialogue, llm } = setup([[{ type: "text", delta: "Any time after noon." }, { type: "done", finishReason: "stop" }]]);
    const state = { ...newDialogueState(), callPurpose: "your catering order for Friday" };
    await turn(dialogue, state, "when can I pick it up", "spoken");
    expect(llm?.requests[0]?.messages[0]?.content).toContain("about: your catering order for Friday");
  });
});

describe("profile validation of the keypad menu and captures", () => {
  const base = JSON.parse(JSON.stringify(profile)) as Record<string, unknown>;
  const issues = (patch: Record<string, unknown>) => {
    const result = businessProfileSchema.safeParse({ ...base, ...patch });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("accepts the shipped profile", () => {
    expect(issues({})).toEqual([]);
  });

  it("names a menu option pointing at no intent, a key used twice, and an option with both targets", () => {
    const found = issues({
      keypadMenu: {
        options: [
          { key: "1", label: "hours", intent: "opening_times" },
          { key: "1", label: "again", response: "Hi" },
          { key: "2", label: "both", intent: "hours", response: "Hi" },
        ],
      },
    });
    expect(found).toEqual(
      expect.arrayContaining([
        "keypadMenu.options.0.intent: no intent named opening_times",
        "keypadMenu.options.1.key: key 1 is used twice",
        "keypadMenu.options.2: a menu option needs exactly one of intent or response",
      ]),
    );
  });

  it("refuses a capture without a tool and keys that are not one digit", () => {
    const intents = [...(base.intents as object[]), { name: "pin", examples: ["my pin", "enter pin"], response: "ok", capture: { argument: "pin", prompt: "Enter it.", minDigits: 4, maxDigits: 4, sensitive: true } }];
    expect(issues({ intents })).toContain(`intents.${intents.length - 1}.capture: a digit capture needs the intent's tool to receive the digits`);
    expect(issues({ keypadMenu: { options: [{ key: "#", label: "x", response: "y" }] } })[0]).toMatch(/^keypadMenu.options.0.key/);
  });
});

describe("redaction helpers", () => {
  it("redacts keyed and spoken digit runs, grouped or not", () => {
    expect(redactSensitiveEntry("6006 4912 3456 7890")).toBe("[redacted 16 digits]");
    expect(redactSensitiveEntry("my pin is one two three four")).toBe("my pin is [redacted digits]");
  });

  it("redacts only the named arguments", () => {
    expect(redactArguments({ card_number: CARD, note: "x" }, ["card_number"])).toEqual({ card_number: "[redacted 16 digits]", note: "x" });
    expect(redactArguments({ pin: "12ab" }, ["pin"])).toEqual({ pin: "[redacted value]" });
    expect(redactArguments({ order_number: "4271" }, [])).toEqual({ order_number: "4271" });
  });
});
