import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../business-profile";
import { createLogger } from "../log";
import { createDialogue, type ReplyEvent } from "./dialogue";
import { hoursAnswer, hoursQuestionDate } from "./hours-answer";
import { newDialogueState } from "./state";
import { MemoryDialoguePorts } from "./testing/memory-ports";

const profile = loadBusinessProfile();

function ask(nowIso: string) {
  const ports = new MemoryDialoguePorts();
  const dialogue = createDialogue({ profile, orders: ports, knowledge: ports, toolLog: ports, log: createLogger({}, "error"), now: () => new Date(nowIso) });
  return async (text: string, channel: "web" | "chat" = "web") => {
    const events: ReplyEvent[] = [];
    for await (const e of dialogue.reply({ conversationId: "c1", state: newDialogueState(), text, channel })) events.push(e);
    return { text: events.flatMap((e) => (e.type === "text" ? [e.delta] : [])).join(""), route: events.find((e) => e.type === "route") };
  };
}

describe("answers that fit the moment", () => {
  it("answers 'what time do you close today' with today's hours, not the week", async () => {
    const say = ask("2026-12-02T15:00:00Z"); // Wednesday 10:00 in New York
    const r = await say("what time do you close today");
    expect(r.text).toBe("We're open now, until six in the evening today, Wednesday the second of December.");
    expect(r.text).not.toMatch(/weekends/);
    expect((await say("what are your opening hours")).text).toMatch(/Monday to Friday/);
  });

  it("judges 'now' and 'tonight' by the business's clock", async () => {
    // 23:30 UTC on Saturday 5 Dec is 18:30 in New York: closed since 16:00, open Sunday at 9.
    const say = ask("2026-12-05T23:30:00Z");
    expect((await say("are you open now")).text).toBe("We're closed now: today, Saturday the fifth of December we were open from nine in the morning to four in the afternoon. We open again tomorrow, Sunday the sixth of December at nine in the morning.");
    expect((await say("are you open tonight", "chat")).text).toMatch(/^We're closed now/);
  });

  it("knows the holidays in the profile", async () => {
    const say = ask("2026-12-20T15:00:00Z");
    // Boxing Day is closed too.
    expect((await say("are you open on christmas day")).text).toMatch(/We're closed on Friday the twenty-fifth of December for Christmas Day\. We're next open on Sunday the twenty-seventh of December/);
    expect(hoursQuestionDate("what are your hours on christmas eve", new Date("2026-12-20T15:00:00Z"), profile)).toBe("2026-12-24");
    expect(hoursAnswer(profile, "chat", new Date("2026-12-20T15:00:00Z"), "2026-12-24").say).toBe("On Thursday 24 December (Christmas Eve) we're open from 8 am to 2 pm.");
  });

  it("reaches the address however the question is worded", async () => {
    const say = ask("2026-12-02T15:00:00Z");
    for (const question of ["Where exactly are you located?", "what's your address", "how do I find you", "whereabouts are you", "how do I get to you"]) {
      expect((await say(question)).text, question).toContain("twelve Harbor Street");
    }
  });

  it("offers the nearest thing it knows instead of 'I'm not sure'", async () => {
    const say = ask("2026-12-02T15:00:00Z");
    const r = await say("what's the exact location of the cafe building");
    expect(r.text).toContain("Harbor Street");
    expect(r.text).not.toMatch(/not sure/);
  });
});
