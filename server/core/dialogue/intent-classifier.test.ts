import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseBusinessProfile } from "./business-profile";
import { IntentClassifier } from "./intent-classifier";

const profile = parseBusinessProfile(JSON.parse(readFileSync("config/business-profile.json", "utf8")));
const classifier = new IntentClassifier(profile.intents);

describe("intent classifier", () => {
  it.each([
    ["what are your opening hours", "hours"],
    ["when do you open on monday", "hours"],
    ["where are you", "address"],
    ["where is my order four two seven one", "order_status"],
    ["I'd like to speak to a real person", "human"],
    ["ok bye", "goodbye"],
  ])("%s → %s", (text, intent) => {
    expect(classifier.classify(text).intent).toBe(intent);
  });

  it("is not confident about things it was never taught", () => {
    const match = classifier.classify("do you sell gluten free croissants");
    expect(match.score).toBeLessThan(0.5);
  });
});
