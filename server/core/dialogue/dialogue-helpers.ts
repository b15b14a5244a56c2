import type { BusinessProfile } from "./business-profile";
import type { GreetingContext } from "./dialogue";
import { menuPrompt } from "./digit-entry";
import { redactArguments } from "./pii";
import { splitSentences } from "./sentences";
import { sensitiveArgumentsOf, type ReplyStyle } from "./tools";

/**
 * A spoken or written answer from a knowledge chunk, markdown stripped: the
 * sentences that share the most words with the question (in their order in
 * the chunk), else its first ones. A chunk is a page section; "can I have
 * oat milk" should hear the milk line, not the section's opening prices.
 */
export function knowledgeAnswer(content: string, title: string, style: ReplyStyle, question = ""): string {
  // Split before flattening, with the splitter that keeps "$4.00" whole (cutting at every "." gave "$4. 00").
  const sentences = splitSentences(content)
    .map((sentence) => sentence.replace(/[#*_`>|-]+/g, " ").replace(/\s+/g, " ").trim())
    .filter((sentence) => sentence !== "");
  const picked = relevantSentences(sentences, question, style === "voice" ? 2 : 3);
  if (style === "voice") return picked.join(" ").trim();
  return `${picked.join(" ").trim()} (Source: ${title})`;
}

const questionStopWords = new Set(["the", "and", "you", "your", "have", "has", "with", "for", "can", "could", "would", "get", "got", "any", "there", "what", "when", "where", "how", "does", "are", "was", "were", "that", "this", "about", "from", "some", "like", "want", "need", "please", "thanks", "hey", "hello", "know", "tell", "give", "much", "many", "also", "just", "our", "cafe"]);

/** Content words, crudely stemmed ("parking" and "park", "options" and "option" meet). */
function stems(text: string): Set<string> {
  const words = text.toLowerCase().replace(/[^a-z0-9 ]+/g, " ").split(/\s+/);
  const stem = (w: string) => (w.length > 5 && w.endsWith("ing") ? w.slice(0, -3) : /(?:ss|x|ch|sh)es$/.test(w) ? w.slice(0, -2) : /[^s]s$/.test(w) ? w.slice(0, -1) : w);
  return new Set(words.filter((w) => w.length >= 3 && !questionStopWords.has(w)).map((w) => stem(w).slice(0, 7)));
}

function relevantSentences(sentences: readonly string[], question: string, count: number): string[] {
  const asked = stems(question);
  const scored = sentences.map((sentence, index) => {
    const words = stems(sentence);
    let score = 0;
    for (const w of asked) if (words.has(w)) score += 1;
    return { index, score };
  });
  const matching = scored.filter((s) => s.score > 0);
  if (matching.length === 0) return sentences.slice(0, count);
  return matching
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
    .map((s) => sentences[s.index]!);
}

/** Parsed arguments with sensitive ones redacted; unparsable text is kept only for tools with nothing sensitive. */
export function storableArguments(tool: string, parsed: unknown, raw: string): unknown {
  const sensitive = sensitiveArgumentsOf(tool);
  if (parsed !== undefined) return redactArguments(parsed, sensitive);
  return sensitive.length > 0 ? "[unparsable arguments]" : raw;
}

export function safeJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text || "{}") as unknown;
  } catch {
    return undefined;
  }
}

export function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** An intent's or menu option's templated response: {hours}, {address}, {name}. */
export function renderTemplate(profile: BusinessProfile, template: string, style: ReplyStyle): string {
  return template
    .replaceAll("{hours}", style === "voice" ? profile.hours.spoken : `We're open ${profile.hours.written}.`)
    .replaceAll("{address}", style === "voice" ? profile.address.spoken : profile.address.written)
    .replaceAll("{name}", profile.name);
}

const defaultOutboundGreeting = "Hi, this is {name}, calling about {purpose}. Is there anything you'd like to ask me about it?";

/** The agent's first words: the profile's greeting (with the keypad menu on the phone) or an outbound opening. */
export function greetingFor(profile: BusinessProfile, context: GreetingContext = {}): string {
  if (context.purpose) {
    const purpose = context.purpose.trim().replace(/[.!?]+$/, "");
    return (profile.outboundGreeting ?? defaultOutboundGreeting).replaceAll("{name}", profile.name).replaceAll("{purpose}", purpose);
  }
  if (context.channel === "phone" && profile.keypadMenu) return `${profile.greeting} ${menuPrompt(profile.keypadMenu)}`;
  return profile.greeting;
}
