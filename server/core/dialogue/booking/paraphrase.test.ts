import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../../business-profile";
import { createLogger } from "../../log";
import { createDialogue, type ReplyEvent } from "../dialogue";
import { newDialogueState } from "../state";
import { MemoryDialoguePorts, MemoryReservationBook } from "../testing/memory-ports";

// Wordings written for these tests and not in evals/scenarios: the booking flow must take what
// callers really say, not the phrases it was tuned on.
const profile = loadBusinessProfile();
const log = createLogger({}, "error");
// Wednesday 2 December 2026, 10:00 in New York (the profile's zone).
const now = new Date("2026-12-02T15:00:00Z");

function setup(channel: "web" | "chat" | "phone" = "chat") {
  const ports = new MemoryDialoguePorts();
  const book = new MemoryReservationBook();
  const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, reservations: book, log, now: () => now });
  const state = newDialogueState();
  const say = async (text: string) => {
    const events: ReplyEvent[] = [];
    for await (const e of dialogue.reply({ conversationId: "c1", state, text, channel })) events.push(e);
    const calls = events.flatMap((e) => (e.type === "tool_call" ? [{ name: e.name, arguments: e.arguments }] : []));
    return { text: events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join(""), calls };
  };
  return { book, state, say };
}

describe("booking details the way callers give them", () => {
  it("takes a name and a phone number in one answer to 'what name?'", async () => {
    const { say, book } = setup();
    expect((await say("we'd like a table for 3 on friday at 2pm")).text).toMatch(/what name/i);
    const readBack = await say("it's Marcus Webb, text me on 555 0177");
    expect(readBack.text).toMatch(/read that back: a table for 3 people on Friday 4 December at 2 pm, under the name Marcus Webb, .*ending in 0177/);
    expect(book.reservations).toHaveLength(0);
    await say("yep go ahead");
    expect(book.reservations).toEqual([expect.objectContaining({ name: "Marcus Webb", partySize: 3, contact: "5550177" })]);
  });

  it("takes a name with a spoken email, and a yes that is not a name", async () => {
    const { say, book, state } = setup("web");
    await say("book me a table for two tomorrow at eleven in the morning");
    const readBack = await say("olga ivanova olga at example dot com");
    expect(readBack.text).toMatch(/under the name Olga Ivanova, and we can reach you on your email at example dot com/);
    await say("yeah that's correct");
    expect(book.reservations).toEqual([expect.objectContaining({ name: "Olga Ivanova", contact: "olga@example.com" })]);
    expect(state.booking).toBeUndefined();
  });

  it("never takes 'yes that's right' for a name while it waits for one", async () => {
    const { say, book } = setup();
    await say("table for 2 tomorrow at 3pm");
    const still = await say("yes that's right");
    expect(still.text).toMatch(/what name/i);
    expect(book.reservations).toHaveLength(0);
  });

  it("takes a phone-length number given with the name even when its label was misheard", async () => {
    const { say } = setup("phone");
    await say("a table for five on saturday at ten in the morning");
    const readBack = await say("it's under li wei and my amber is five five five zero one eight eight");
    expect(readBack.text).toMatch(/under the name Li Wei, and we can reach you on the number ending in zero one eight eight\. Shall I book it\?/);
  });

  it("reads labelled details in one typed line", async () => {
    const { say } = setup();
    const first = await say("2 people saturday 10am - name: Kim Sato - mobile 555 0199");
    expect(first.text).toMatch(/a table for 2 people on Saturday 5 December at 10 am, under the name Kim Sato, .*ending in 0199\. Shall I book it\?/);
  });

  it("says at once that a group is too big, before asking for a day or time", async () => {
    const { say, book } = setup();
    const first = await say("there are 18 of us, could we come in on friday?");
    expect(first.text).toMatch(/up to 12 people/);
    expect(first.calls).toEqual([]);
    expect((await say("ok then 10 of us at noon")).calls).toContainEqual({ name: "check_table_availability", arguments: { partySize: 10, date: "2026-12-04", time: "12:00" } });
    expect(book.reservations).toHaveLength(0);
  });

  it("answers a question asked in the middle of a booking, and books nothing on it", async () => {
    const ports = new MemoryDialoguePorts([], (q) => (/toilet/.test(q) ? [{ documentSlug: "access", documentTitle: "Access", content: "Step-free entrance on Harbor Street. The accessible toilet is on the ground floor.", score: 0.5 }] : []));
    const book = new MemoryReservationBook();
    const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, reservations: book, log, now: () => now });
    const state = newDialogueState();
    const say = async (text: string) => {
      let out = "";
      for await (const e of dialogue.reply({ conversationId: "c2", state, text, channel: "chat" })) if (e.type === "text") out += e.delta;
      return out;
    };
    expect(await say("table for 2 tomorrow at noon, I'm Bo, 555 0133")).toMatch(/Shall I book it\?/);
    const answer = await say("oh and is the toilet wheelchair accessible?");
    expect(answer).toContain("The accessible toilet is on the ground floor.");
    expect(answer).not.toContain("Step-free");
    expect(ports.toolCalls.map((c) => c.name)).toEqual(["check_table_availability", "book_table"]);
    // The read-back was not answered: a yes now reads it back again instead of booking.
    expect(await say("yes")).toMatch(/read that back/);
    expect(book.reservations).toHaveLength(0);
  });

  it("hears a party size through a recogniser's homophones", async () => {
    const { say } = setup("web");
    const first = await say("could we get a table for for people on friday at one");
    expect(first.calls).toContainEqual({ name: "check_table_availability", arguments: { partySize: 4, date: "2026-12-04", time: "13:00" } });
  });
});
