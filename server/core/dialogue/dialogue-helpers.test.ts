import { describe, expect, it } from "vitest";
import { knowledgeAnswer } from "./dialogue-helpers";

const menu = "## Coffee\nEspresso $3.00, double $3.50. Cappuccino $4.50, latte $4.75. Oat, almond and soy milk are free of charge for any drink. Decaf is available on request.";

describe("knowledge answers", () => {
  it("quote the sentences the question is about, in the chunk's order", () => {
    expect(knowledgeAnswer(menu, "Menu", "voice", "do you do lattes with oat milk")).toBe("Cappuccino $4.50, latte $4.75. Oat, almond and soy milk are free of charge for any drink.");
    expect(knowledgeAnswer(menu, "Menu", "chat", "any decaf?")).toBe("Decaf is available on request. (Source: Menu)");
  });

  it("fall back to the chunk's first sentences when no word of the question is in it", () => {
    expect(knowledgeAnswer(menu, "Menu", "voice", "what's good here")).toBe("Coffee Espresso $3.00, double $3.50. Cappuccino $4.50, latte $4.75.");
    expect(knowledgeAnswer(menu, "Menu", "chat")).toBe("Coffee Espresso $3.00, double $3.50. Cappuccino $4.50, latte $4.75. Oat, almond and soy milk are free of charge for any drink. (Source: Menu)");
  });
});
