import type { BusinessCalendar } from "../business-profile";
import { canonicalText, digitView } from "../digit-view";
import { detectPii } from "../pii-detectors";
import { bareNumber, normaliseWhen, parsePartySize, parseTime, resolveDate, type SpokenTime } from "../when";

/**
 * What one turn says about a table booking: any of party size, day, time,
 * name and contact (people give one per turn, or everything at once, or a
 * correction: "no, I said six people"), and whether it is a yes or a no.
 * `asked` is what the agent last asked for, so a bare "six" or "Ada" answers it.
 */
export type BookingQuestion = "partySize" | "date" | "time" | "name" | "contact" | "confirm" | "reference" | "cancel" | "change";

export interface Contact {
  readonly kind: "phone" | "email";
  readonly value: string;
}

export interface BookingFacts {
  partySize?: number;
  date?: string;
  time?: SpokenTime;
  name?: string;
  contact?: Contact;
  reference?: string;
  affirmative: boolean;
  negative: boolean;
  /** "Never mind", "forget it": drop the booking in progress. */
  abandon: boolean;
  /** The caller wants to cancel an existing reservation. */
  cancel: boolean;
  /** The caller wants to move an existing reservation ("can I move my booking to 8"). */
  change: boolean;
  /** "Move it", "make it 3 instead": a change to whatever booking is in question. */
  changeIt: boolean;
}

const yes = /^(?:(?:oh |uh |um |ok |okay |well )?(?:yes|yeah|yep|yup|ya|sure|correct|right|exactly|absolutely|definitely|perfect|great|good|fine|confirm(?:ed)?|affirmative|please do|go ahead|do it|book it|sounds (?:good|great|right|perfect)|that's (?:right|correct|perfect|fine|great)|that is (?:right|correct)|all (?:good|correct)|lovely|alright|all right|ok|okay|yes please|yes that's right|yes it is|yes go ahead|please)\b[\s,.!]*)+(?:please|thanks|thank you|go ahead|book it|that's (?:right|correct|perfect)|do it)?[\s,.!]*$/;
const no = /^(?:no|nope|nah|not quite|not really|that's wrong|that is wrong|wrong|incorrect|negative|not right)\b/;
const abandon = /\b(never ?mind|forget (?:it|about it)|don't book|do not book|no longer|changed my mind|stop the booking|cancel (?:that|this|the booking|it)$)\b/;
// A verb of moving and the booking itself; "move it" alone counts only right after a booking (the flow decides).
const changeExisting = [
  /\b(?:move|change|reschedule|re schedule|postpone|push|shift|amend|modify|update)\b(?:\s+[a-z']+){0,3}?\s+(?:my|our|the|this|that)\s+(?:booking|reservation)\b/i,
  /\b(?:move|reschedule|postpone|push back|shift)\s+(?:my|our|the)\s+table\b/i,
  /\b(?:my|our|the)\s+(?:booking|reservation)\b.*\b(?:moved|changed|rescheduled|later|earlier)\b/i,
  /\b(?:move|change|reschedule|postpone|push|shift)\b.*\bHC[- ]?[A-Z0-9]{4,6}\b/i,
];
const changeIt = /\b(?:move|change|push|shift|reschedule|postpone|make)\s+it\b/i;
const cancelExisting = /\b(cancel|call off)\b.*\b(reservation|booking|table)\b|\bHC[- ]?[A-Z0-9]{4,6}\b/i;
const nameLeadIns = /\b(?:my name is|my name's|name is|the name's|name's|it's under|it is under|under the name(?: of)?|put it under|book it under|the booking is under|under|this is|i'm|i am|call me|it's|it is|name)\s*[:,-]?\s+([a-z][a-z'-]+(?:\s+[a-z][a-z'-]+){0,2})/gi;
const notNames = new Set([
  "a", "an", "the", "for", "and", "at", "on", "in", "looking", "calling", "wondering", "trying", "hoping", "going", "just", "not", "sure", "fine", "good",
  "okay", "ok", "yes", "no", "here", "booking", "book", "interested", "after", "wanting", "phone", "number", "email", "table", "tomorrow", "today", "tonight",
  "ready", "free", "available", "open", "sorry", "happy", "hungry", "coming", "with", "about", "my", "me", "please", "thanks", "thank", "you", "it", "is",
  "there", "that", "this", "what", "where", "when", "how", "can", "could", "would", "will", "want", "like", "need", "to", "of", "us", "we",
  "that's", "right", "correct", "wrong", "yeah", "yep", "yup", "sure", "nope", "great", "perfect", "lovely", "exactly", "absolutely", "alright", "cool",
  "is", "be", "was", "should", "the", "same", "before", "above", "said", "told", "already", "gave", "again", "different", "number's", "email's",
]);
const nameStops = /\b(?:and|for|at|on|my|phone|number|email|e-mail|mail|with|from|please|thanks|thank|tomorrow|today|tonight|next|this|party|table|people|book|booking)\b/i;

export function extractBookingFacts(text: string, context: { now: Date; calendar: BusinessCalendar; asked?: BookingQuestion }): BookingFacts {
  const canonical = canonicalText(text).trim();
  const lower = canonical.toLowerCase().replace(/[!?]+$/g, "").trim();
  const when = normaliseWhen(canonical);
  const facts: BookingFacts = {
    affirmative: yes.test(lower.replace(/[.,]/g, "")),
    negative: no.test(lower),
    abandon: abandon.test(lower),
    cancel: false,
    change: false,
    changeIt: changeIt.test(canonical),
  };
  const cancelling = /\b(?:cancel|call off)\b/i.test(canonical);
  facts.change = !cancelling && changeExisting.some((p) => p.test(canonical));
  // A bare reference answering "what's the reference?" serves whichever request asked for it.
  facts.cancel = !facts.change && (cancelling ? cancelExisting.test(canonical) : context.asked !== "reference" && cancelExisting.test(canonical));
  // "What name?" is often answered with a name and a number ("John Miller, my amber is five five five…"
  // as a recogniser wrote "number"): a phone-length run of digits then is the contact.
  const contact = contactIn(canonical, context.asked === "contact" || context.asked === "name");
  if (contact) facts.contact = contact;
  // A contact's digits are not a party size or a time.
  const reference = referenceIn(canonical);
  let stripped = contact ? canonical.replace(/\S*@\S*/g, " ").replace(/[\d\s().+-]{7,}/g, " ") : canonical;
  if (reference) stripped = stripped.replace(/\bHC[- ]?[A-Z0-9]{4,6}\b/gi, " ");
  // "6 of us now" is a new head count, not a table for today.
  const rest = (stripped === canonical ? when : normaliseWhen(stripped)).replace(/\b(of us|people|guests|persons?|instead|then) now\b/g, "$1");
  if (reference) facts.reference = reference;
  const party = parsePartySize(rest);
  if (party !== undefined) facts.partySize = party;
  const date = resolveDate(rest, context.now, context.calendar.timeZone);
  if (date) facts.date = date;
  const time = parseTime(rest);
  if (time) facts.time = time;
  // Moving a booking "to 8" or "to half past two": a time, unless people are named.
  if ((facts.change || facts.changeIt || context.asked === "change") && !facts.time && facts.partySize === undefined) {
    const moved = parseTime(rest.replace(/\b(?:to|for|until|till) (?=\d{1,2}\b(?!\s*(?:people|persons?|guests?|of us)))/g, "at "));
    if (moved) facts.time = moved;
  }
  const bare = contact || reference ? undefined : bareNumber(rest);
  if (bare !== undefined && facts.partySize === undefined && facts.time === undefined) {
    if (context.asked === "partySize") facts.partySize = bare;
    else if ((context.asked === "time" || context.asked === "change") && bare >= 1 && bare <= 23) facts.time = { minutes: bare * 60, definite: bare > 12 };
  }
  // A plain yes or no answers the agent's question; it is nobody's name.
  const name = nameIn(canonical, context.asked === "name" && !facts.affirmative && !facts.negative);
  if (name) facts.name = name;
  return facts;
}

function nameIn(text: string, askedForName: boolean): string | undefined {
  // The contact is not part of the name: "Tom Becker, 555 0188", "Priya Patel, priya@example.com".
  const view = digitView(text);
  let rest = view.text;
  for (const span of detectPii(view.text).sort((a, b) => b.start - a.start)) rest = `${rest.slice(0, span.start)} ${rest.slice(span.end)}`;
  rest = rest.replace(/\b\d[\d\s().+-]{5,}\d\b/g, " ");
  for (const lead of rest.matchAll(nameLeadIns)) {
    const name = nameFrom(lead[1]!);
    if (name) return name;
  }
  if (!askedForName) return undefined;
  // The whole answer to "what name?": "Ada Lovelace", "it's Ada", "Ada, thanks".
  return nameFrom(rest.replace(/[.,!?;:]/g, " ").replace(/^\s*(?:(?:uh|um|er|sure|yes|yeah|ok|okay|so|well|it's|its|it is)\s+)*/i, "").trim());
}

function nameFrom(candidate: string): string | undefined {
  const words = candidate.split(/\s+/).filter(Boolean);
  const stop = words.findIndex((w) => nameStops.test(w));
  const kept = (stop >= 0 ? words.slice(0, stop) : words).filter((w) => /^[a-z][a-z'-]*$/i.test(w)).slice(0, 3);
  if (kept.length === 0 || kept.some((w) => notNames.has(w.toLowerCase()))) return undefined;
  return kept.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join(" ");
}

/** A phone number or email in the caller's words, typed or as STT writes it ("five five five …", "ada at example dot com"). */
export function contactIn(text: string, askedForContact: boolean): Contact | undefined {
  const view = digitView(text);
  const spans = detectPii(view.text).filter((s) => s.kind === "email" || s.kind === "phone");
  const email = spans.find((s) => s.kind === "email");
  if (email) return { kind: "email", value: writtenEmail(view.text.slice(email.start, email.end)) };
  const phone = spans.find((s) => s.kind === "phone");
  if (phone) return { kind: "phone", value: writtenPhone(view.text.slice(phone.start, phone.end)) };
  if (askedForContact) {
    const digits = view.text.replace(/[^\d+]/g, "");
    if (digits.replace(/\D/g, "").length >= 7 && digits.replace(/\D/g, "").length <= 15) return { kind: "phone", value: writtenPhone(digits) };
  }
  return undefined;
}

function writtenEmail(found: string): string {
  if (found.includes("@")) return found.toLowerCase();
  return found
    .toLowerCase()
    .replace(/\s+at\s+/, "@")
    .replace(/\s+dot\s+/g, ".")
    .replace(/\s+(?:underscore)\s+/g, "_")
    .replace(/\s+(?:dash|hyphen)\s+/g, "-")
    .replace(/\s+/g, "");
}

function writtenPhone(found: string): string {
  const plus = found.trim().startsWith("+") || found.trim().startsWith("00");
  const digits = found.replace(/\D/g, "").replace(/^00/, "");
  return plus ? `+${digits}` : digits;
}

/** A reservation reference, typed ("HC-4K7PQ") or spoken ("H C four eight two seven five"). */
export function referenceIn(text: string): string | undefined {
  const typed = /\bHC[- ]?([A-Z0-9]{4,6})\b/i.exec(text);
  if (typed) return `HC-${typed[1]!.toUpperCase()}`;
  const spoken = /\b(?:h\.?\s*c\.?|age see|h see|hc)\b[\s,-]*(?:dash\s+)?((?:\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\d)\b[\s,-]*){4,6})/i.exec(text);
  if (!spoken) return undefined;
  const digits = digitView(spoken[1]!).text.replace(/\D/g, "");
  return digits.length >= 4 && digits.length <= 6 ? `HC-${digits}` : undefined;
}

/** The last digits of a phone number or the domain of an email: enough to read back, not enough to be PII. */
export function contactHint(contact: Contact): string {
  if (contact.kind === "phone") return contact.value.replace(/\D/g, "").slice(-4);
  return contact.value.split("@")[1] ?? "";
}
