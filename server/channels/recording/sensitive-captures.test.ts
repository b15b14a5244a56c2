import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../business-profile";
import { sensitiveCapturePending } from "../../core/dialogue/digit-entry";
import { createDialogue } from "../../core/dialogue/dialogue";
import { takeTurn } from "../../core/dialogue/take-turn";
import { MemoryDialoguePorts } from "../../core/dialogue/testing/memory-ports";
import { createLogger } from "../../core/log";
import type { TurnKind } from "../../core/ports";
import { watchSensitiveCaptures } from "./sensitive-captures";

const profile = loadBusinessProfile();
const log = createLogger({}, "error");

describe("watchSensitiveCaptures", () => {
  it("is on from the gift-card prompt until the number was taken, and off for an order number", async () => {
    const ports = new MemoryDialoguePorts([]);
    ports.giftCards.set("6006491234567890", 2350);
    const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, giftCards: ports, toolLog: ports, log });
    const changes: boolean[] = [];
    const states = watchSensitiveCaptures(ports, (state) => sensitiveCapturePending(profile, state), (on) => changes.push(on));
    const say = async (text: string, kind: TurnKind) => {
      for await (const event of takeTurn({ dialogue, states, conversationId: "c1", text, channel: "phone", kind })) void event;
    };
    const giftCardKey = profile.keypadMenu?.options.find((o) => o.intent === "gift_card_balance")?.key;
    expect(giftCardKey).toBeDefined();
    await say(giftCardKey!, "keypad");
    expect(changes).toEqual([true]);
    await say("6006491234567890", "keypad");
    expect(changes).toEqual([true, false]);
    // Asking for an order number is not sensitive.
    await say("where is my order", "spoken");
    expect(changes.at(-1)).toBe(false);
  });
});
