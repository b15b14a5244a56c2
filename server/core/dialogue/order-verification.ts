import type { OrderInfo } from "./dialogue-ports";
import { canonicalText } from "./digit-view";
import { spokenDigitsToNumerals } from "./slots";

/**
 * Who may hear more than an order's status: a caller who gives a second
 * factor that is on the order — its email address or postcode (typed, or
 * spoken as STT writes it) — or who calls from the phone number on it.
 * Anyone who knows an order number hears only its status.
 */

/** Wrong answers per conversation before the agent stops asking (and stops checking). */
export const MAX_VERIFICATION_FAILURES = 3;

/** Lookups per conversation when the deployment does not say otherwise. */
export const DEFAULT_MAX_ORDER_LOOKUPS = 5;

const emailPattern = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/g;

/** Emails in what the caller said, written or spoken ("jane dot doe at example dot com"). */
export function emailsIn(answer: string): string[] {
  const spoken = canonicalText(answer)
    .toLowerCase()
    .replace(/\s+(?:dot)\s+/g, ".")
    .replace(/\s+(?:at)\s+/g, "@")
    .replace(/\s+(?:underscore)\s+/g, "_")
    .replace(/\s+(?:dash|hyphen)\s+/g, "-");
  return [...spoken.matchAll(emailPattern)].map((m) => m[0].replace(/[.]+$/, ""));
}

const compact = (text: string) => text.toUpperCase().replace(/[^A-Z0-9]/g, "");

/** Single words and neighbouring pairs ("SW1A 1AA"), digits spoken as words turned to numerals. */
function postcodeCandidates(answer: string): Set<string> {
  const words = spokenDigitsToNumerals(canonicalText(answer).toLowerCase())
    .split(/[^a-z0-9-]+/i)
    .filter(Boolean);
  const candidates = new Set<string>();
  words.forEach((word, i) => {
    candidates.add(compact(word));
    if (i + 1 < words.length) candidates.add(compact(word + words[i + 1]));
  });
  return candidates;
}

/** The last ten digits, which is what two spellings of one number share (+1 555…, 555…). */
function phoneKey(number: string | null | undefined): string | undefined {
  const digits = (number ?? "").replace(/\D/g, "");
  return digits.length >= 7 ? digits.slice(-10) : undefined;
}

export function callerOwnsOrder(callerNumber: string | undefined, order: OrderInfo): boolean {
  const caller = phoneKey(callerNumber);
  return caller !== undefined && caller === phoneKey(order.customerPhone);
}

/** True when the caller's answer carries the order's email, postcode or phone number. */
export function answerMatchesOrder(answer: string, order: OrderInfo): boolean {
  const email = order.customerEmail?.trim().toLowerCase();
  if (email && emailsIn(answer).includes(email)) return true;
  const postcode = order.postcode ? compact(order.postcode) : "";
  if (postcode.length >= 3 && postcodeCandidates(answer).has(postcode)) return true;
  const phone = phoneKey(order.customerPhone);
  const said = phoneKey(spokenDigitsToNumerals(canonicalText(answer).toLowerCase()));
  return phone !== undefined && said === phone;
}

/** Does this turn look like an answer to "what's the email or postcode on the order?" */
export function looksLikeVerificationAnswer(answer: string): boolean {
  if (emailsIn(answer).length > 0) return true;
  const text = spokenDigitsToNumerals(canonicalText(answer).toLowerCase());
  return /\b(?:post ?code|zip|postal|e-?mail)\b/.test(text) || /\b\d{5}(?:-\d{4})?\b/.test(text) || /\b[a-z]{1,2}\d[a-z\d]? ?\d[a-z]{2}\b/.test(text) || /\d{7,}/.test(text.replace(/[\s-]/g, ""));
}
