import { describe, expect, it } from "vitest";
import { cueOf, plainWords } from "./cues";
import { spokenNumbersToNumerals } from "./slots";

// Paraphrases written for these tests, none of them in evals/scenarios: the cues must generalise, not memorise.
const kind = (text: string, context = {}) => cueOf(text, context)?.kind;

describe("plain words", () => {
  it("reads recogniser output and typed text alike", () => {
    expect(plainWords("Um, so like, order #4,271?")).toBe("so like order number 4271");
    expect(plainWords("order number four two seven one")).toBe("order number 4271");
    expect(spokenNumbersToNumerals("order forty two seventy five please")).toBe("order 4275 please");
    expect(spokenNumbersToNumerals("order four thousand two hundred and seventy six")).toBe("order 4276");
    expect(spokenNumbersToNumerals("which one is vegan")).toBe("which one is vegan");
  });
});

describe("order lookups", () => {
  it("takes an order number named as one, however it is said", () => {
    for (const text of ["any news on order 4268?", "Could you pull up order number 4269 for me", "i'm ringing about my order it's four two six nine", "whats happening with order forty two sixty nine", "4269 is my order number, where is it", "package 4269 hasn't come"]) {
      expect(cueOf(text), text).toMatchObject({ kind: "order_status" });
    }
    expect(cueOf("status on order four two six eight")).toEqual({ kind: "order_status", orderNumber: "4268" });
    // "for me" as a recogniser wrote it after the digits.
    expect(cueOf("can you check order four two six eight four me")).toEqual({ kind: "order_status", orderNumber: "4268" });
  });
  it("takes a corrected number right after an order answer, and only then", () => {
    const after = { afterOrderAnswer: true };
    expect(cueOf("oops, it should be 4266", after)).toEqual({ kind: "order_status", orderNumber: "4266" });
    expect(cueOf("no wait, four two six six", after)).toEqual({ kind: "order_status", orderNumber: "4266" });
    expect(cueOf("what about 4267 then", after)).toEqual({ kind: "order_status", orderNumber: "4267" });
    expect(kind("oops, it should be 4266")).toBeUndefined();
    expect(kind("I'd like to order 2 lattes and a muffin")).toBeUndefined();
    // In a booking, numbers are party sizes, times and phone numbers.
    expect(kind("order 4266", { booking: true })).toBeUndefined();
  });
});

describe("requests for a person", () => {
  it("hears them in many wordings", () => {
    for (const text of ["could I have a word with... no, can I speak with your supervisor", "I need to chat with somebody who works there", "get me a real human", "pass me on to a member of staff please", "is there someone I can talk to", "operator", "connect me with the owner about a complaint", "let me speak to the person in charge", "is there a live person we could chat with"]) {
      expect(kind(text), text).toBe("transfer");
    }
  });
  it("does not hear them in questions about staff or refusals", () => {
    for (const text of ["no no I don't want to speak to anyone, just tell me the hours", "do your staff speak spanish", "are you hiring baristas", "can I connect to the wifi", "I need a table for 4 people"]) {
      expect(kind(text), text).not.toBe("transfer");
    }
  });
});

describe("goodbyes", () => {
  it("takes a closing with pleasantries around it", () => {
    for (const text of ["alright cheers that's everything", "brilliant, that's all I needed, have a lovely evening", "no that's it thanks bye bye", "ok thank you so much you've been a great help bye", "i'm all set thanks", "okay see you later", "and cue bye"]) {
      expect(kind(text), text).toBe("goodbye");
    }
  });
  it("keeps going when something is still asked", () => {
    for (const text of ["thanks", "thank you, and do you have wifi?", "bye the way can I bring my dog", "that's all? what about the cake", "one more thing before I go", "I need to cancel my booking bye"]) {
      expect(kind(text), text).not.toBe("goodbye");
    }
  });
});

describe("location questions", () => {
  it("hear the address asked for in any wording", () => {
    for (const text of ["what address do I put in the sat nav... your full address please", "whereabouts is the cafe", "where r u", "I'm driving over, which street are you on", "how would I get to you from the station", "now can we get to you", "can you give me directions", "where is your shop"]) {
      expect(kind(text), text).toBe("location");
    }
  });
  it("leave other questions alone", () => {
    for (const text of ["what's your email address", "do you deliver to my address", "where can I park", "where are the toilets", "where are you getting your beans from"]) {
      expect(kind(text), text).not.toBe("location");
    }
  });
});

describe("hours questions", () => {
  it("hear opening times asked in any wording", () => {
    for (const text of ["till what time are you guys open on fridays", "are you still open", "when do you shut tonight", "what time does the cafe open on sunday morning", "your trading hours please", "you open on boxing day?", "what are your own funding hours"]) {
      expect(kind(text), text).toBe("hours");
    }
  });
  it("leave delivery and booking times alone", () => {
    for (const text of ["when will my delivery arrive", "what time can I book a table for", "is the kitchen open late", "what are your delivery hours"]) {
      expect(kind(text), text).not.toBe("hours");
    }
  });
});
