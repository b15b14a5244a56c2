import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { BusinessProfile } from "../../core/dialogue/business-profile";

/** What callers say that the business texts may not contain. */
const everyday = [
  "yes", "no", "yes please", "no thanks", "thank you", "hello", "hi there", "goodbye", "okay", "sorry",
  "zero one two three four five six seven eight nine", "my order number is four two seven one",
  "can I talk to a person", "I want to speak to someone", "what is the status of my order",
  "thanks a lot", "that's all", "that's it thanks", "no that's all thank you",
];

/**
 * The sentences the local recogniser's domain model learns from: the
 * profile's intent examples, the knowledge base's sentences and everyday
 * replies. Read once, when the worker prewarms its engines.
 */
export function loadDomainPhrases(profile: BusinessProfile, knowledgeDir: string): string[] {
  const knowledge = existsSync(knowledgeDir)
    ? readdirSync(knowledgeDir)
        .filter((f) => f.endsWith(".md"))
        .sort()
        .flatMap((f) => readFileSync(join(knowledgeDir, f), "utf8").split(/[.!?\n]+/))
    : [];
  return [...profile.intents.flatMap((i) => i.examples), ...knowledge, ...everyday].map((s) => s.trim()).filter(Boolean);
}
