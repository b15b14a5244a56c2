import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../../business-profile";
import { createScriptedModel, type ScriptedTurn } from "../../../providers/llm/scripted";
import { createLogger } from "../../log";
import { createDialogue, type ReplyEvent } from "../dialogue";
import { instantAt } from "../calendar";
import { newDialogueState } from "../state";
import { MemoryDialoguePorts, MemoryReservationBook } from "../testing/memory-ports";

const profile = loadBusinessProfile();
const log = createLogger({}, "error");
// Wednesday 2 December 2026, 10:00 in New York (the profile's zone).
const now = new Date("2026-12-02T15:00:00Z");
const at = (date: string, hhmm: string) => instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), profile.calendar.timeZone);

function setup(book = new MemoryReservationBook(), script?: ScriptedTurn[]) {
  const ports = new MemoryDialoguePorts();
  const llm = script ? createScriptedModel(script) : undefined;
  const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, reservations: book, llm, log, now: () => now });
  const state = newDialogueState();
  const conversationId = `c-${Math.random()}`;
  const say = async (text: string, channel: "chat" | "web" = "chat") => {
    const events: ReplyEvent[] = [];
    for await (const e of dialogue.reply({ conversationId, state, text, channel })) events.push(e);
    return { text: events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join(""), tools: events.flatMap((e) => (e.type === "tool_call" ? [e.name] : [])) };
  };
  return { book, state, say };
}

async function booked(book = new MemoryReservationBook()) {
  await book.create({ conversationId: "earlier", name: "Ines", contact: "5550111", partySize: 4, startsAt: at("2026-12-03", "12:00") }, { from: new Date(0), to: new Date(0) }, () => true);
  return book;
}

describe("moving a reservation", () => {
  it("moves the one just made, after reading the move back and a yes", async () => {
    const { say, book } = setup();
    await say("table for 2 tomorrow at 1pm, I'm Ola, 555 0123");
    await say("yes");
    expect(book.reservations[0]!.startsAt).toEqual(at("2026-12-03", "13:00"));
    const readBack = await say("actually could we push it back to half past three")
    expect(readBack.text).toMatch(/I can change it to a table for 2 people tomorrow, Thursday 3 December at 3:30 pm\. Shall I change it\?/);
    expect(book.reservations[0]!.startsAt).toEqual(at("2026-12-03", "13:00"));
    const done = await say("yes please");
    expect(done.tools).toEqual(["change_reservation"]);
    expect(done.text).toMatch(/your table is now for 2 people tomorrow.*3:30 pm, and your reference is still \*\*HC-10001\*\*/);
    expect(book.reservations[0]).toMatchObject({ startsAt: at("2026-12-03", "15:30"), partySize: 2, status: "confirmed" });
  });

  it("finds one by reference in another conversation and changes only what the caller names", async () => {
    const { say, book } = setup(await booked());
    const readBack = await say("hi I need to reschedule my reservation HC-10001 to friday");
    expect(readBack.text).toMatch(/is a table for 4 people tomorrow.*12 pm\. I can change it to a table for 4 people on Friday 4 December at 12 pm/);
    await say("yep");
    expect(book.reservations[0]).toMatchObject({ startsAt: at("2026-12-04", "12:00"), partySize: 4 });
  });

  it("asks for the reference and what to change, then takes a new head count", async () => {
    const { say, book } = setup(await booked());
    expect((await say("is it possible to change my booking")).text).toMatch(/reference/);
    expect((await say("sure it's HC-10001")).text).toMatch(/What would you like to change/);
    expect((await say("there'll be 6 of us now")).text).toMatch(/change it to a table for 6 people tomorrow/);
    await say("yes");
    expect(book.reservations[0]).toMatchObject({ partySize: 6, startsAt: at("2026-12-03", "12:00") });
  });

  it("refuses a move outside the rules and leaves the reservation alone on a no", async () => {
    const { say, book } = setup(await booked());
    const refused = await say("can I move my booking HC-10001 to 8 in the evening", "web")
    expect(refused.text).toMatch(/last table is at five in the evening/);
    expect((await say("no", "web")).text).toMatch(/left your reservation as it was/);
    expect(book.reservations[0]).toMatchObject({ startsAt: at("2026-12-03", "12:00") });
  });

  it("never moves on a yes that does not answer the read-back", async () => {
    const { say, book } = setup(await booked());
    await say("please move reservation HC-10001 to 2pm");
    await say("what's your address");
    await say("yes");
    expect(book.reservations[0]).toMatchObject({ startsAt: at("2026-12-03", "12:00") });
  });

  it("moves nothing when the model calls change_reservation twice without the caller's yes", async () => {
    const call = (id: string): ScriptedTurn => [
      { type: "tool_call", id, name: "change_reservation", arguments: JSON.stringify({ reference: "HC-10001", time: "14:00" }) },
      { type: "done", finishReason: "tool_calls" },
    ];
    const { say, book } = setup(await booked(), [call("t1"), call("t2"), [{ type: "text", delta: "Done!" }, { type: "done", finishReason: "stop" }]]);
    await say("move HC-10001 to 2pm");
    expect(book.reservations[0]).toMatchObject({ startsAt: at("2026-12-03", "12:00") });
  });
});
