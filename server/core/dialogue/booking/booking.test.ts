import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../../business-profile";
import { createScriptedModel, type ScriptedTurn } from "../../../providers/llm/scripted";
import { createLogger } from "../../log";
import { createDialogue, type ReplyEvent } from "../dialogue";
import { newDialogueState, type DialogueState } from "../state";
import { MemoryDialoguePorts, MemoryReservationBook } from "../testing/memory-ports";

const profile = loadBusinessProfile();
const log = createLogger({}, "error");
// Wednesday 2 December 2026, 10:00 in New York (the profile's zone).
const now = new Date("2026-12-02T15:00:00Z");

function setup(script?: ScriptedTurn[]) {
  const ports = new MemoryDialoguePorts();
  const book = new MemoryReservationBook();
  const llm = script ? createScriptedModel(script) : undefined;
  const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, reservations: book, llm, log, now: () => now });
  const state = newDialogueState();
  const say = async (text: string, channel: "web" | "chat" | "phone" = "web", callerNumber?: string) => {
    const events: ReplyEvent[] = [];
    for await (const e of dialogue.reply({ conversationId: "c1", state, text, channel, callerNumber })) events.push(e);
    return { events, text: events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join(""), tools: events.flatMap((e) => (e.type === "tool_call" ? [e.name] : [])) };
  };
  return { ports, book, state, say, llm };
}

/** What a stored state looks like: JSON, as the conversation row keeps it. */
const stored = (state: DialogueState) => JSON.stringify(state);

describe("table bookings on the local brain", () => {
  it("fills the slots over several turns, reads back, and books only on yes", async () => {
    const { say, book, state } = setup();
    expect((await say("hi, can I book a table")).text).toMatch(/how many people/i);
    expect((await say("four")).text).toMatch(/which day/i);
    expect((await say("tomorrow")).text).toMatch(/what time/i);
    const timed = await say("at seven thirty p m");
    // 19:30 is after closing: refused, with times that work, and nothing booked.
    expect(timed.text).toMatch(/last table is at five in the evening/);
    expect((await say("five p m then")).text).toMatch(/what name/i);
    expect((await say("ada lovelace")).text).toMatch(/phone number or email/i);
    const readBack = await say("my number is five five five zero one two three four five six");
    expect(readBack.text).toContain("a table for four people tomorrow, Thursday the third of December at five in the evening, under the name Ada Lovelace");
    expect(readBack.text).toContain("ending in three four five six");
    expect(book.reservations).toHaveLength(0);
    // The phone number is with the reservation book, never in the stored dialogue state.
    expect(stored(state)).not.toMatch(/5550123456|555 0123|five five five/);
    const booked = await say("yes");
    expect(booked.tools).toEqual(["book_table"]);
    expect(booked.text).toMatch(/You're booked.*Your reference is H C, \w+/);
    expect(book.reservations).toEqual([expect.objectContaining({ name: "Ada Lovelace", partySize: 4, contact: "5550123456", startsAt: new Date("2026-12-03T22:00:00Z"), status: "confirmed" })]);
    expect(state.booking).toBeUndefined();
  });

  it("takes everything in one sentence and a correction to the read-back", async () => {
    const { say, book } = setup();
    const first = await say("I'd like to book a table for 4 tomorrow at 2pm under the name of Grace, you can reach me at grace@example.com", "chat");
    expect(first.text).toContain("Let me read that back: a table for 4 people tomorrow, Thursday 3 December at 2 pm, under the name Grace");
    const corrected = await say("no, I said six people", "chat");
    expect(corrected.text).toContain("a table for 6 people");
    expect(book.reservations).toHaveLength(0);
    await say("yes please", "chat");
    expect(book.reservations).toEqual([expect.objectContaining({ partySize: 6, name: "Grace", contact: "grace@example.com" })]);
  });

  it("never books on a yes that does not answer the read-back", async () => {
    const { say, book } = setup();
    await say("book a table for two tomorrow at noon, my name is Alan, my email is alan@example.com");
    await say("what are your opening hours"); // the read-back is spent
    expect((await say("yes")).text).toMatch(/read that back/);
    expect(book.reservations).toHaveLength(0);
    await say("no");
    await say("yes");
    expect(book.reservations).toHaveLength(0);
  });

  it("refuses holidays and parties above the maximum, and says why", async () => {
    const { say, book } = setup();
    expect((await say("table for 4 on december 25th at noon")).text).toMatch(/closed on Friday the twenty-fifth of December for Christmas Day/);
    expect((await say("book a table for 20 people tomorrow at noon")).text).toMatch(/up to twelve people/);
    expect(book.reservations).toHaveLength(0);
  });

  it("uses the number a phone caller is calling from when they agree", async () => {
    const { say, book } = setup();
    await say("book a table for two tomorrow at ten a m", "phone", "+15550100777");
    const asked = await say("my name is Joan", "phone", "+15550100777");
    expect(asked.text).toMatch(/number you're calling from/);
    expect((await say("yes", "phone", "+15550100777")).text).toMatch(/ending in zero seven seven seven/);
    await say("yes", "phone", "+15550100777");
    expect(book.reservations).toEqual([expect.objectContaining({ contact: "+15550100777", name: "Joan" })]);
  });

  it("cancels by reference after reading the reservation back", async () => {
    const { say, book } = setup();
    await say("book a table for two tomorrow at ten a m, name is Ann, email ann@example.com", "chat");
    await say("yes", "chat");
    const reference = book.reservations[0]!.reference;
    expect((await say("I need to cancel my reservation", "chat")).text).toMatch(/reference/);
    expect((await say(reference, "chat")).text).toMatch(/Shall I cancel it/);
    expect(book.reservations[0]!.status).toBe("confirmed");
    expect((await say("yes", "chat")).text).toMatch(/cancelled/);
    expect(book.reservations[0]!.status).toBe("cancelled");
  });
});

describe("table bookings through the LLM's tool calls", () => {
  const bookCall = (id: string): ScriptedTurn => [
    { type: "tool_call", id, name: "book_table", arguments: JSON.stringify({ partySize: 4, date: "2026-12-03", time: "12:00", name: "Ada", contact: "[redacted phone]" }) },
    { type: "done", finishReason: "tool_calls" },
  ];
  const reply = (text: string): ScriptedTurn => [{ type: "text", delta: text }, { type: "done", finishReason: "stop" }];

  it("reads back on the first book_table call, books on the call after a yes, with the contact the caller gave", async () => {
    const { say, book, ports, llm } = setup([bookCall("t1"), reply("Shall I book it?"), bookCall("t2"), reply("Booked.")]);
    await say("book a table for 4 tomorrow at noon, I'm Ada, my number is 555 012 3456");
    expect(book.reservations).toHaveLength(0);
    // The model never saw the number; the stored tool call does not keep it either.
    expect(JSON.stringify(llm?.requests[0]?.messages)).not.toContain("012 3456");
    expect(ports.toolCalls[0]?.arguments).toMatchObject({ contact: "[redacted value]" });
    await say("yes");
    expect(book.reservations).toEqual([expect.objectContaining({ name: "Ada", partySize: 4, contact: "5550123456" })]);
  });

  it("books nothing when the model calls book_table twice without the caller's yes", async () => {
    const { say, book } = setup([bookCall("t1"), bookCall("t2"), reply("Done!")]);
    await say("book a table for 4 tomorrow at noon, I'm Ada, my number is 555 012 3456");
    expect(book.reservations).toHaveLength(0);
  });
});
