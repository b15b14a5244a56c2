import { describe, expect, it } from "vitest";
import { extractSlots, spokenDigitsToNumerals } from "./slots";

describe("slots", () => {
  it("reads digits spoken as words", () => {
    expect(spokenDigitsToNumerals("my order is four two seven one")).toBe("my order is 4271");
    expect(spokenDigitsToNumerals("I asked for two coffees")).toBe("I asked for two coffees");
  });
  it("finds order numbers typed or spoken", () => {
    expect(extractSlots("where is order 4271?").orderNumber).toBe("4271");
    expect(extractSlots("status of order number four two seven three please").orderNumber).toBe("4273");
    expect(extractSlots("what are your opening hours").orderNumber).toBeUndefined();
  });
  it("resolves relative dates and names", () => {
    const now = new Date("2026-11-21T10:00:00Z"); // a Saturday
    expect(extractSlots("can I come tomorrow", now).date).toBe("2026-11-22");
    expect(extractSlots("next monday works", now).date).toBe("2026-11-23");
    expect(extractSlots("Hi, my name is Ada Lovelace").name).toBe("Ada Lovelace");
  });
});
