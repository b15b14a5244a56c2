import { describe, expect, it } from "vitest";
import { loadBusinessProfile } from "../../business-profile";
import { createScriptedModel } from "../../providers/llm/scripted";
import { AppError } from "../errors";
import { createLogger } from "../log";
import { createDialogue } from "./dialogue";
import type { KnowledgeHit } from "./dialogue-ports";
import { cutSentences, splitSentences } from "./sentences";
import { newDialogueState } from "./state";
import { MemoryDialoguePorts } from "./testing/memory-ports";

describe("splitSentences", () => {
  it.each([
    ["Hello! We are at 12 Harbor St. in town. It costs 4.50 dollars? Yes", ["Hello!", "We are at 12 Harbor St. in town.", "It costs 4.50 dollars?", "Yes"]],
    ["The vegan banana bread is $4.00 a slice. Enjoy!", ["The vegan banana bread is $4.00 a slice.", "Enjoy!"]],
    ["The lot charges $2.00 per hour from 8:00 am to 8:00 pm. It is free on Sundays.", ["The lot charges $2.00 per hour from 8:00 am to 8:00 pm.", "It is free on Sundays."]],
    ["Version 1.2.3 is out. Pi is 3.14159.", ["Version 1.2.3 is out.", "Pi is 3.14159."]],
    ["Email rewards@harborcafe.example. Or visit www.harborcafe.example/menu today.", ["Email rewards@harborcafe.example.", "Or visit www.harborcafe.example/menu today."]],
    ["Ask Dr. Smith or Mr. Jones. They know.", ["Ask Dr. Smith or Mr. Jones.", "They know."]],
    ["Bring snacks, e.g. fruit, i.e. anything light. Thanks.", ["Bring snacks, e.g. fruit, i.e. anything light.", "Thanks."]],
    ["We open at 9 a.m. and close at 5 p.m. See you then.", ["We open at 9 a.m. and close at 5 p.m.", "See you then."]],
    ["Cakes, pies, etc. are baked daily. We also have bread etc. Ask us.", ["Cakes, pies, etc. are baked daily.", "We also have bread etc.", "Ask us."]],
    ["We are at 12 Harbor St. Come by!", ["We are at 12 Harbor St.", "Come by!"]],
    ["Table no. 5 is free. The answer is no. Sorry.", ["Table no. 5 is free.", "The answer is no.", "Sorry."]],
    ["It costs $4. That is all.", ["It costs $4.", "That is all."]],
    ['He said "we open at nine." Then he left.', ['He said "we open at nine."', "Then he left."]],
    ["**Open daily.** Come in. Really?! Yes... ok", ["**Open daily.**", "Come in.", "Really?!", "Yes...", "ok"]],
    ["Ask J. Smith at the counter. Or I. Then", ["Ask J. Smith at the counter.", "Or I.", "Then"]],
    ["Our drinks:\n- Espresso $3.00\n- Latte $4.75\n\n1. Order\n2. Pay", ["Our drinks:", "- Espresso $3.00", "- Latte $4.75", "1. Order", "2. Pay"]],
    ["A wrapped\nline stays one sentence.", ["A wrapped\nline stays one sentence."]],
  ])("%j", (text, expected) => {
    expect(splitSentences(text)).toEqual(expected);
  });

  it("returns nothing for blank text", () => {
    expect(splitSentences("   ")).toEqual([]);
    expect(splitSentences("")).toEqual([]);
  });

  it("keeps every character of the text, only trimming between sentences", () => {
    const text = "Espresso $3.00, latte $4.75. Mon–Fri 8:00–18:00! Call +1 555 0100? Thanks.";
    expect(splitSentences(text).join(" ")).toBe(text);
  });
});

describe("cutSentences", () => {
  it.each([
    ["It costs $4.", [], "It costs $4."],
    ["It costs $4. ", ["It costs $4."], " "],
    ["Open at 9 a.m. ", [], "Open at 9 a.m. "],
    ["Done. Next", ["Done."], " Next"],
    ["Hello! ", ["Hello!"], " "],
    ["Drinks:\n", [], "Drinks:\n"],
    ["Drinks:\n- Tea", ["Drinks:"], "- Tea"],
  ])("cuts only what the next character has decided: %j", (text, sentences, rest) => {
    expect(cutSentences(text)).toEqual({ sentences, rest });
  });
});

describe("knowledge answers", () => {
  // The chat answers: the local knowledge route cut at every "." and re-joined with spaces.
  it.each([
    [
      "menu-and-allergens",
      "Vegan dishes are marked with a (V) on the printed menu: the overnight oats, the roasted vegetable wrap, the vegan banana bread ($4.00 a slice) and the dark chocolate brownie. Any salad can be made vegan on request.",
      "Vegan dishes are marked with a (V) on the printed menu: the overnight oats, the roasted vegetable wrap, the vegan banana bread ($4.00 a slice) and the dark chocolate brownie. Any salad can be made vegan on request. (Source: Menu)",
    ],
    [
      "accessibility-and-parking",
      "There is no private cafe parking lot. The nearest parking is the Harbor Street municipal lot, 50 yards away, which charges $2.00 per hour from 8:00 am to 8:00 pm and is free on Sundays. Metered parking is limited to 2 hours. Bikes are welcome.",
      "There is no private cafe parking lot. The nearest parking is the Harbor Street municipal lot, 50 yards away, which charges $2.00 per hour from 8:00 am to 8:00 pm and is free on Sundays. Metered parking is limited to 2 hours. (Source: Menu)",
    ],
  ])("keep prices whole in chat (%s)", async (slug, content, expected) => {
    const hit: KnowledgeHit = { documentSlug: slug, documentTitle: "Menu", heading: "Section", content, score: 0.4 };
    const ports = new MemoryDialoguePorts([], () => [hit]);
    const llm = createScriptedModel([new AppError("UNAVAILABLE", "all models down", { retryable: true })]);
    const dialogue = createDialogue({ profile: loadBusinessProfile(), orders: ports, knowledge: ports, toolLog: ports, llm, log: createLogger({}, "error") });
    let text = "";
    for await (const e of dialogue.reply({ conversationId: "c1", state: newDialogueState(), text: "tell me about it", channel: "chat" })) {
      if (e.type === "text") text += e.delta;
    }
    expect(text).toBe(expected);
  });
});
