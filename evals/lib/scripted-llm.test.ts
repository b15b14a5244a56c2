import { describe, expect, it } from "vitest";
import { parseScenario } from "./load";
import { fillFromToolResults, matchTurn, startScriptedLlm } from "./scripted-llm";

const scenario = parseScenario(
  JSON.stringify({
    channel: "web",
    persona: "p",
    turns: [
      { user: "where is my order", llm: [{ text: "What is your order number?" }] },
      { user: "four two seven one", llm: [{ tools: [{ name: "get_order_status", arguments: { order_number: "4271" } }] }, { text: "It has shipped." }] },
    ],
  }),
  "s",
);

describe("matchTurn", () => {
  it("takes the turn at the caller's position, or the closest words, or none", () => {
    expect(matchTurn(scenario, "where is my order", 0)?.user).toBe("where is my order");
    expect(matchTurn(scenario, "four two seven one", 5)?.user).toBe("four two seven one");
    expect(matchTurn(scenario, "for two seven one", 1)?.user).toBe("four two seven one");
    expect(matchTurn(scenario, "what is the weather like", 0)).toBeUndefined();
  });
});

describe("fillFromToolResults", () => {
  it("reads the reference from the latest tool result", () => {
    const messages = [{ role: "assistant", tool_calls: [{}] }, { role: "tool", content: JSON.stringify({ booked: true, reference: "HC-7K2M9" }) }];
    expect(fillFromToolResults("Your reference is {reference}.", messages)).toBe("Your reference is HC-7K2M9.");
    expect(fillFromToolResults("Your reference is {reference}.", [])).toBe("Your reference is (no reference).");
    const readBack = [{ role: "tool", content: JSON.stringify({ booked: false, readBack: "A table for 4 tomorrow. Shall I book it?" }) }];
    expect(fillFromToolResults("{result.readBack}", readBack)).toBe("A table for 4 tomorrow. Shall I book it?");
    expect(fillFromToolResults("{result.missing}", readBack)).toBe("(no missing)");
  });
});

describe("the scripted server", () => {
  it("answers over the Chat Completions wire protocol: the turn's tool call, then its text once the result is in", async () => {
    const llm = await startScriptedLlm();
    try {
      llm.play(scenario);
      const ask = async (messages: object[]) => {
        const response = await fetch(`${llm.baseURL}/chat/completions`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m", stream: true, messages }) });
        return response.text();
      };
      const history = [{ role: "system", content: "s" }, { role: "user", content: "where is my order" }, { role: "assistant", content: "What is your order number?" }, { role: "user", content: "4271 four two seven one" }];
      expect(await ask(history)).toContain('"name":"get_order_status"');
      const withResult = [...history, { role: "assistant", content: null, tool_calls: [{ id: "c1", type: "function", function: { name: "get_order_status", arguments: "{}" } }] }, { role: "tool", tool_call_id: "c1", content: "{}" }];
      expect(await ask(withResult)).toContain("shipped");
      expect(await ask([{ role: "user", content: "tell me a joke" }])).toContain("didn't quite get that");
      expect(llm.unscripted).toHaveLength(1);
    } finally {
      await llm.close();
    }
  });
});
