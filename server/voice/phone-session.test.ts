import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../business-profile";
import { createDialogue } from "../core/dialogue/dialogue";
import { MemoryDialoguePorts } from "../core/dialogue/testing/memory-ports";
import { createLogger } from "../core/log";
import type { PcmFrame } from "../core/ports";
import { createScriptedStt } from "../providers/stt/fake";
import { createToneTts } from "../providers/tts/fake";
import { startVoiceSession, type VoiceSessionOptions } from "./pipeline";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";
import { createScriptedVad } from "../providers/vad/fake";

const log = createLogger({}, "error");
const profile = loadBusinessProfile();
const CARD = "6006491234567890";

/** A phone line carrying silence in real time until hung up. */
function line() {
  let open = true;
  async function* audio(): AsyncIterable<PcmFrame> {
    const start = Date.now();
    for (let i = 0; open; i++) {
      const due = start + i * 20 - Date.now();
      if (due > 0) await new Promise((r) => setTimeout(r, due));
      yield { samples: new Int16Array(320), sampleRate: 16000 };
    }
  }
  return { audio, hangUp: () => (open = false) };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}

function phoneCall(options: { roomName?: string; session?: VoiceSessionOptions; store?: MemoryStore; realTimePlayback?: boolean } = {}) {
  const ports = new MemoryDialoguePorts();
  ports.giftCards.set(CARD, 2350);
  const phone = line();
  const channel = new InMemoryChannel(phone.audio, options.roomName, { kind: "phone", callerNumber: "+15550142" });
  if (options.realTimePlayback) channel.playbackMsPerFrame = 20;
  const store = options.store ?? new MemoryStore();
  const started = startVoiceSession(
    channel,
    {
      vad: createScriptedVad([]),
      stt: createScriptedStt([""]), // nobody speaks on this line
      tts: createToneTts({ msPerCharacter: 5 }),
      store,
      dialogue: createDialogue({ profile, orders: ports, knowledge: ports, giftCards: ports, toolLog: ports, log }),
      states: ports,
      log,
      turnTaking: { silenceRepromptMs: 60_000 },
    },
    options.session,
  );
  const agentSaid = () => store.turns.filter((t) => t.role === "agent").map((t) => t.text);
  return { ports, phone, channel, store, started, agentSaid };
}

describe("phone call on the in-memory channel", () => {
  it("offers the keypad menu in the greeting, and one key picks an option; the keyed turn is stored as keypad, without latency", async () => {
    const call = phoneCall();
    const session = await call.started;
    await until(() => call.agentSaid().length === 1);
    expect(call.agentSaid()[0]).toContain("press 1 for opening hours, 2 for order status, 3 for gift cards");
    call.channel.pressKeys("1#");
    await until(() => call.agentSaid().length === 2);
    call.phone.hangUp();
    await session.done;
    const [greeting, keyed, answer] = call.store.turns;
    expect(greeting?.role).toBe("agent");
    expect(keyed).toMatchObject({ role: "user", kind: "keypad", text: "1" });
    expect(keyed?.latency).toBeUndefined();
    expect(answer).toMatchObject({ role: "agent", intent: "hours" });
    expect(answer?.text).toContain("Monday to Friday");
    expect(answer?.latency?.voiceToVoiceMs).toBeUndefined();
    expect(answer?.latency?.endOfTurnMs).toBeUndefined();
  });

  it("keeps a keyed order number as data and in clear once the order number is asked for", async () => {
    const call = phoneCall();
    call.ports.findOrder = async (n) => (n === "4271" ? { orderNumber: "4271", customerName: "Ada", status: "shipped", items: "2 croissants", totalCents: 1250, placedAt: new Date(), eta: null } : null);
    const session = await call.started;
    await until(() => call.agentSaid().length === 1);
    call.channel.pressKeys("2#");
    await until(() => call.agentSaid().length === 2);
    expect(call.agentSaid()[1]).toMatch(/order number/i);
    call.channel.pressKeys("4271#");
    await until(() => call.agentSaid().length === 3);
    call.phone.hangUp();
    await session.done;
    expect(call.store.turns.filter((t) => t.role === "user").map((t) => [t.kind, t.text])).toEqual([["keypad", "2"], ["keypad", "4271"]]);
    expect(call.agentSaid()[2]).toContain("shipped");
  });

  it("gives a sensitive keypad entry to the tool and stores only its redaction, in turns, tool calls and state", async () => {
    const call = phoneCall();
    const session = await call.started;
    await until(() => call.agentSaid().length === 1);
    call.channel.pressKeys("3#");
    await until(() => call.agentSaid().length === 2);
    expect(call.agentSaid()[1]).toMatch(/gift card number on your keypad/);
    call.channel.pressKeys(`${CARD}#`);
    await until(() => call.agentSaid().length === 3);
    call.phone.hangUp();
    await session.done;

    expect(call.ports.giftCardLookups).toEqual([CARD]);
    expect(call.agentSaid()[2]).toContain("ending in seven eight nine zero");
    expect(call.store.turns.filter((t) => t.role === "user").map((t) => t.text)).toEqual(["3", "[redacted 16 digits]"]);
    expect(call.ports.toolCalls.map((c) => [c.name, c.arguments])).toEqual([["check_gift_card_balance", { card_number: "[redacted 16 digits]" }]]);
    const everythingStored = JSON.stringify({ turns: call.store.turns, toolCalls: call.ports.toolCalls, states: [...call.ports.states.values()] });
    expect(everythingStored).not.toContain(CARD);
    expect(everythingStored).not.toContain("1234567890");
  });

  it("cuts the agent off when a key is pressed while it speaks", async () => {
    const call = phoneCall({ realTimePlayback: true });
    const session = await call.started;
    await until(() => call.channel.played.length === 1 && call.channel.played[0]!.frames.length > 5);
    const pressedAt = Date.now();
    call.channel.pressKeys("1");
    await until(() => call.channel.played[0]!.abortedAt !== undefined, 1000);
    expect(call.channel.played[0]!.abortedAt! - pressedAt).toBeLessThan(100);
    call.channel.pressKeys("#");
    await until(() => call.agentSaid().some((t) => t.includes("Monday to Friday")));
    call.phone.hangUp();
    await session.done;
    expect(session.stats.interruptions).toBe(1);
  });

  it("opens an outbound call with its purpose, on the conversation created for it, without the menu", async () => {
    const store = new MemoryStore();
    store.seed("conv-out", { channel: "phone", direction: "outbound", roomName: "outbound-conv-out", callerNumber: "+15550177" });
    const call = phoneCall({ roomName: "outbound-conv-out", store, session: { outbound: { purpose: "your order 4271, which is ready for pickup." } } });
    const session = await call.started;
    expect(session.conversationId).toBe("conv-out");
    await until(() => call.agentSaid().length === 1);
    call.phone.hangUp();
    await session.done;
    expect(call.agentSaid()[0]).toBe("Hi, this is Harbor Cafe, calling about your order 4271, which is ready for pickup. Is there anything you'd like to ask me about it?");
    expect(store.conversations.size).toBe(1);
    expect(store.conversations.get("conv-out")).toMatchObject({ direction: "outbound", callerNumber: "+15550177" });
    expect(call.store.turns.every((t) => t.conversationId === "conv-out")).toBe(true);
  });
});
