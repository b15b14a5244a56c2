import type { IntentDefinition } from "./business-profile";
import { canonicalText } from "./digit-view";
import { spokenDigitsToNumerals, spokenNumbersToNumerals } from "./slots";
import type { DialogueState } from "./state";

/**
 * What a caller plainly asks for, found by the shape of the request rather
 * than by closeness to the profile's example phrases. The classifier learns
 * from a dozen examples per intent and loses its footing on a sentence that
 * carries more than the request ("I'd like to talk to the manager about my
 * last visit", "ok great, that's all, bye!"); these patterns read the parts
 * that decide the request (a verb of speaking and a person, a closing word
 * and nothing else, "order" and a number) and ignore the rest. They are
 * written for typed text and for speech-recogniser output alike: no
 * punctuation, numbers as words, filler words.
 */
export type Cue =
  | { readonly kind: "order_status"; readonly orderNumber: string }
  | { readonly kind: "transfer" }
  | { readonly kind: "goodbye" }
  | { readonly kind: "location" }
  | { readonly kind: "hours" };

export interface CueContext {
  /** The agent's last answer was an order lookup: "sorry, I meant 4274" corrects it. */
  readonly afterOrderAnswer?: boolean;
  /** A table booking is in progress: its numbers are party sizes, times and phone numbers, not orders. */
  readonly booking?: boolean;
}

/** Lower case, no punctuation but apostrophes, digits spoken one by one as numerals, fillers out. */
export function plainWords(text: string): string {
  const lower = canonicalText(text)
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/#/g, " number ");
  const words = lower.replace(/[^a-z0-9' ]+/g, " ");
  return spokenNumbersToNumerals(spokenDigitsToNumerals(words))
    .replace(/\b(\d)\s+(?=\d)/g, "$1")
    .replace(/\b(?:uh+|um+|erm?|hmm+|ah+|you know|i mean|kind of|sort of|basically|actually|just|please|pls|plz)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const person =
  "(?:(?:a|an|the|your|some|one of your|one of the)\\s+)?(?:real\\s+|actual\\s+|live\\s+|human\\s+)?(?:person|human|humans|manager|managers|supervisor|owner|boss|staff|staff member|member of staff|employee|someone|somebody|anyone|anybody|agent|representative|rep|operator|receptionist|colleague|barista|chef|team)(?!\\s+(?:menu|hours|discount|size|table|booking|reservation|meeting|lunch))";
const transferPatterns = [
  // "talk to the manager", "speak with someone", "can I chat to a real person about …"
  new RegExp(`\\b(?:talk|speak|chat|get through|go through|have a word|a quick word)\\s+(?:to|with)\\s+${person}\\b`),
  // "whoever is in charge", "the person who runs the place"
  /\b(?:talk|speak|chat|word|through|connect me|put me)\b.*\b(?:(?:whoever|who|someone|somebody|person|one)(?:'s| is)? in charge|who(?:ever)? runs (?:the|this|your) (?:place|cafe|shop))\b/,
  // "put me through to a person", "connect me with staff", "transfer me", "pass me on to someone"
  new RegExp(`\\b(?:put|connect|transfer|pass|patch|send|forward)\\s+me\\s+(?:on\\s+)?(?:through\\s+|over\\s+)?(?:to|with)\\s+${person}\\b`),
  /\b(?:transfer|connect)\s+me\b(?!\s+(?:to|with)\s+(?:the\s+)?(?:wifi|wi fi|internet|network))/,
  // "I want a human", "get me the manager", "is there a person I can talk to"
  new RegExp(`\\b(?:want|need|get me|give me|like|prefer)\\s+${person}\\b`),
  new RegExp(`\\b(?:is there|are there|have you got|do you have)\\s+${person}\\s+(?:i|we)\\s+(?:can|could)\\s+(?:talk|speak|chat)\\b`),
  /\b(?:representative|operator)\b/,
];
// "I don't want to talk to a person", "no need for a human": a refusal is not a request.
const refusal = /\b(?:don't|do not|dont|not|never|without)\s+(?:[a-z']+\s+){0,2}(?:talk|speak|chat|transfer|connect|put me)\b|\bno need (?:for|of|to)\b/;

/** A request to be passed to a person, in any wording. */
export function asksForPerson(words: string): boolean {
  if (refusal.test(words)) return false;
  // Questions about staff, not requests to reach them: "do you have staff who speak Spanish".
  if (/\b(?:hiring|jobs?|vacanc\w*|work for you|apply|speak (?:spanish|french|german|english|italian|chinese))\b/.test(words)) return false;
  return transferPatterns.some((p) => p.test(words));
}

// Pleasantries that may surround a goodbye without adding a request.
const pleasantries =
  /\b(?:ok(?:ay)?|alright|all right|right|great|good|perfect|lovely|brilliant|awesome|cool|nice|fine|excellent|wonderful|fantastic|super|sweet|cheers|thanks|thank you(?: so much| very much)?|thanks (?:a lot|so much|very much)|thank you for (?:your|the) help|thanks for (?:your|the) help(?:ing)?|thanks for helping|many thanks|much appreciated|appreciate it|that helps|that's helpful|that was helpful|got it|understood|i see|no|nope|nah|yes|yeah|oh|well|so|then|and|that's|that is|really|very|much|for now|for today|again|you've been|you have been|helpful|a great help|great help|a big help|bye|bye bye|goodbye|good bye|cya|see ya|see you(?: later| soon| then| tomorrow)?|take care|later|ciao|have a (?:good|nice|great|lovely) (?:day|one|evening|night|weekend|afternoon)|you too|same to you)\b/g;
// What makes it a goodbye rather than a thank-you: the caller says they are finished.
const closers =
  /\b(?:bye|bye bye|goodbye|good bye|cya|see ya|see you|take care|ciao|have a (?:good|nice|great|lovely) (?:day|one|evening|night|weekend|afternoon)|that's all|that is all|that's it|that is it|that's everything|that is everything|that'll be all|that will be all|nothing else|nothing more|no more questions|i'm done|i am done|i'm all set|i am all set|i'm good|i am good|i'm fine thanks|all done|we're done|we are done|all sorted|that's sorted|i've got (?:all|everything) i need(?:ed)?|that's all i (?:need|needed|wanted)(?: to know)?|that is all i (?:need|needed|wanted)(?: to know)?|that's what i (?:needed|wanted)(?: to know)?)\b/;

const everyCloser = new RegExp(closers.source, "g");

/** The caller is finished: a closing word and nothing left that asks for something. */
export function saysGoodbye(words: string): boolean {
  if (!closers.test(words)) return false;
  // "bye the way": a typo, and any question, keep the conversation going.
  if (/\b(?:what|when|where|how|why|which|who|can|could|would|do|does|is|are|will)\b.*\b(?:you|your|i|we|it|there)\b/.test(words.replace(everyCloser, " "))) return false;
  const left = words
    .replace(everyCloser, " ")
    .replace(pleasantries, " ")
    .replace(/\b(?:i|we|me|you|it|that|this|was|were|is|all|to|know|need|needed|wanted|everything|now|today|the|a|for|your|with|help)\b/g, " ")
    .trim();
  // Ending on a farewell, a couple of words a recogniser garbled before it ("san keep goodbye" for
  // "thank you goodbye") do not make it a request.
  const endsOnFarewell = /\b(?:goodbye|good bye|bye|see you|take care)$/.test(words);
  return left === "" || (endsOnFarewell && left.split(/\s+/).length <= 2);
}

const notPostal = "(?!\\s*(?:e ?mail|email|web|website|ip|mac))";
const locationPatterns = [
  new RegExp(`\\b(?:your|the|ur|cafe's|café's|shop's|restaurant's)\\s+(?:street\\s+|exact\\s+|full\\s+|postal\\s+|physical\\s+|actual\\s+)?address\\b${notPostal}`),
  /\bwhat(?:'s| is)\s+(?:the|your)\s+(?:street|location)\b/,
  // "where are you" as the whole question ("where are you getting your beans from" is another one).
  /\bwhere\s+(?:exactly\s+)?(?:are|r)\s+(?:you|u|ya|y'all)(?:\s+(?:guys|located|based|situated|exactly|at|now|again|then))*$/,
  /\b(?:can't|cannot|couldn't|can not)\s+find\s+(?:you|the cafe|your place|your cafe)\b/,
  /\bwhere(?:'s| is| are)\s+(?:the|your|this)\s+(?:cafe|café|coffee shop|shop|store|restaurant|place|location|premises|building|business)\b/,
  /\bwhere(?:abouts)?\s+(?:are|is)\s+(?:you|it|the cafe)\s+(?:located|based|situated)\b/,
  /\b(?:located|situated|whereabouts)\b/,
  /\b(?:directions|gps|sat ?nav|satnav|google maps|apple maps|navigation)\b/,
  // "now do I find you": how/now is a common recogniser confusion, and the question is still plain.
  /\b(?:how|now)\s+(?:do|can|would|should)\s+(?:i|we)\s+(?:get|find|reach)\s+(?:to\s+)?(?:you|ya|the cafe|the café|your cafe|your place|there)\b/,
  /\b(?:what|which)\s+(?:street|road|part of town|neighbou?rhood|area)\s+(?:are|is)\s+(?:you|it|the cafe)\b/,
  /\bwhat(?:'s| is)\s+your\s+(?:post ?code|zip ?code|zip)\b/,
  /\bfind\s+(?:you|the cafe)\s+on\s+(?:a\s+|the\s+)?map\b/,
];

/** A question about where the business is, in any wording ("street address for my GPS", "whereabouts are you"). */
export function asksForLocation(words: string): boolean {
  if (/\b(?:deliver|delivery|delivering|ship|shipping)\b/.test(words) && !/\b(?:your|the cafe's)\s+address\b/.test(words)) return false;
  // Where something is inside or near the café is a knowledge question: "where can I park", "where are the toilets".
  if (/\b(?:park|parking|toilets?|bathrooms?|restrooms?|loo|wifi|wi fi|sockets?|chargers?|menu|allergen\w*)\b/.test(words)) return false;
  return locationPatterns.some((p) => p.test(words));
}

const hoursPatterns = [
  /\b(?:what time|when|how late|how early|until when|till when|until what time|till what time|what hours|which hours|what days)\b.*\b(?:open|opening|opens|close|closing|closes|shut|shuts|shutting)\b/,
  /\b(?:are|r)\s+(?:you|u|ya|you guys)\s+(?:still\s+|currently\s+|even\s+)?(?:open|closed|shut)\b/,
  /\b(?:is|will)\s+(?:the|your)\s+(?:cafe|café|shop|place|store)\s+(?:be\s+)?(?:open|closed|shut)\b/,
  /\b(?:opening|closing|business|trading|open|operating)\s+(?:hours|times)\b/,
  /\b(?:your|the)\s+hours\b(?!\s+(?:of delivery|for delivery))/,
  /\bopen\s+(?:on|this|next|tomorrow|today|tonight|now|late|early|on the)\b/,
  // "what are your own funding hours": a recogniser garbles the word before "hours", rarely the question.
  /\b(?:what|when|which)\b.*\bhours\b/,
];

/** A question about opening hours (a day's or the week's). */
export function asksForHours(words: string): boolean {
  // Delivery windows and kitchen/booking times are other questions.
  if (/\b(?:deliver\w*|arrive|arrival|ship\w*|kitchen|book|booking|reserv\w*|table)\b/.test(words)) return false;
  return hoursPatterns.some((p) => p.test(words));
}

/** An order number the caller names as one ("order 4271", "order number four two seven one", "#4271"). */
export function namedOrderNumber(words: string): string | undefined {
  const m =
    /\b(?:order|orders|package|parcel|delivery|purchase)(?:\s+(?:number|no|num|id|reference|ref))?(?:\s+(?:is|was|it's|its))?\s+(\d{4,8})\b/.exec(words) ??
    /\b(\d{4,8})\s+(?:is|was)\s+(?:my|the|our)\s+order\b/.exec(words);
  return m?.[1];
}

/**
 * After an order answer, a turn that is little more than another number is
 * a correction or a second order: "sorry, I meant 4274", "no it's 4275",
 * "what about 4276".
 */
function correctedOrderNumber(words: string): string | undefined {
  const numbers = words.match(/\b\d{4,8}\b/g);
  if (numbers?.length !== 1) return undefined;
  const rest = words
    .replace(/\b\d{4,8}\b/, " ")
    .replace(/\b(?:sorry|no|oh|oops|wait|hang on|my bad|i|meant|mean|said|it's|its|it is|it was|the|number|order|one|it|try|what about|how about|and|also|then|instead|that|was|wrong|correct|right|should be|can you|could you|check|look up|please|is|not|a|another|typo|mistake|my)\b/g, " ")
    .trim();
  return rest === "" ? numbers[0] : undefined;
}

/** The one cue this turn carries, if any (checked most specific first). */
export function cueOf(text: string, context: CueContext = {}): Cue | undefined {
  const words = plainWords(text);
  if (!words) return undefined;
  const named = context.booking ? undefined : namedOrderNumber(words);
  if (named) return { kind: "order_status", orderNumber: named };
  if (context.afterOrderAnswer && !context.booking) {
    const corrected = correctedOrderNumber(words);
    if (corrected) return { kind: "order_status", orderNumber: corrected };
  }
  if (asksForPerson(words)) return { kind: "transfer" };
  // "Yes please, that's all" in a booking answers the booking's question; the booking ends it.
  if (saysGoodbye(words) && !(context.booking && /^(?:yes|yeah|yep|yup|sure|correct|go ahead|book it)\b/.test(words))) return { kind: "goodbye" };
  if (asksForLocation(words)) return { kind: "location" };
  if (asksForHours(words)) return { kind: "hours" };
  return undefined;
}

/** The cue in a dialogue turn, read with what the conversation is in the middle of. */
export function cueInTurn(text: string, state: Pick<DialogueState, "verifying" | "lastIntent" | "booking">, intents: readonly IntentDefinition[]): Cue | undefined {
  const afterOrderAnswer = state.verifying !== undefined || intents.some((i) => i.name === state.lastIntent && i.tool === "get_order_status");
  return cueOf(text, { afterOrderAnswer, booking: state.booking !== undefined });
}

const cueTools = { order_status: "get_order_status", transfer: "transfer_to_human", goodbye: "end_conversation", hours: "get_business_hours" } as const;

/**
 * The profile's intent that answers a cue (so its wording and its tool are
 * the admin's), or a plain one when the profile has none: the tools exist
 * whatever the profile lists, and every business has an address.
 */
export function intentForCue(intents: readonly IntentDefinition[], kind: Cue["kind"]): IntentDefinition {
  if (kind === "location") return intents.find((i) => !i.tool && !i.capture && i.response.includes("{address}")) ?? { name: "address", examples: [], response: "{address}" };
  const tool = cueTools[kind];
  return intents.find((i) => i.tool === tool && !i.capture) ?? { name: kind, examples: [], response: "", tool };
}
