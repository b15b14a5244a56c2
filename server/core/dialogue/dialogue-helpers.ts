import type { BusinessProfile } from "./business-profile";
import type { GreetingContext } from "./dialogue";
import { menuPrompt } from "./digit-entry";
import { redactArguments } from "./pii";
import { splitSentences } from "./sentences";
import { sensitiveArgumentsOf, type ReplyStyle } from "./tools";

/** A spoken or written answer from a knowledge chunk: its first sentences, markdown stripped. */
export function knowledgeAnswer(content: string, title: string, style: ReplyStyle): string {
  // Split before flattening, with the splitter that keeps "$4.00" whole (cutting at every "." gave "$4. 00").
  const sentences = splitSentences(content)
    .map((sentence) => sentence.replace(/[#*_`>|-]+/g, " ").replace(/\s+/g, " ").trim())
    .filter((sentence) => sentence !== "");
  if (style === "voice") return sentences.slice(0, 2).join(" ").trim();
  return `${sentences.slice(0, 3).join(" ").trim()} (Source: ${title})`;
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
