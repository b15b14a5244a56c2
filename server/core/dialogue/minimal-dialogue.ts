import type { BusinessProfile } from "./business-profile";

/**
 * The walking skeleton's dialogue step: greets, answers opening hours and the
 * address, and says honestly when it did not understand. The dialogue core
 * replaces this with intents, tools, knowledge and an LLM.
 */
export interface DialogueReply {
  readonly intent: "greeting" | "hours" | "address" | "goodbye" | "unknown";
  readonly text: string;
}

const patterns: { intent: DialogueReply["intent"]; test: RegExp }[] = [
  { intent: "hours", test: /\b(hours?|open(ing)?|clos(e|ing)|when)\b/ },
  { intent: "address", test: /\b(address|where|located|location|directions)\b/ },
  { intent: "goodbye", test: /\b(bye|goodbye|that'?s all|thank(s| you))\b/ },
  { intent: "greeting", test: /^(hi|hello|hey|good (morning|afternoon|evening))\b/ },
];

export function greet(profile: BusinessProfile): DialogueReply {
  return { intent: "greeting", text: profile.greeting };
}

export function respond(profile: BusinessProfile, userText: string): DialogueReply {
  const text = userText.toLowerCase().trim();
  const intent = patterns.find((p) => p.test.test(text))?.intent ?? "unknown";
  switch (intent) {
    case "hours":
      return { intent, text: profile.hoursSpoken };
    case "address":
      return { intent, text: `You can find us at ${profile.address}.` };
    case "goodbye":
      return { intent, text: `Thanks for calling ${profile.name}. Goodbye!` };
    case "greeting":
      return { intent, text: "Hello! What can I do for you?" };
    default:
      return {
        intent: "unknown",
        text: "Sorry, I did not understand that. You can ask me about our opening hours or where we are.",
      };
  }
}
