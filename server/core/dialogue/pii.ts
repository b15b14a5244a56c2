import { spokenDigitsToNumerals } from "./slots";

/**
 * PII redaction for everything stored: card numbers (Luhn-checked, so order
 * numbers and phone numbers are not mistaken for cards), US SSNs, emails and
 * phone numbers. The original text is never persisted. Digits the business
 * marked sensitive (a keypad capture, a tool argument) are redacted here too,
 * whatever they look like.
 */
export type PiiKind = "card" | "ssn" | "email" | "phone";

export interface Redaction {
  readonly text: string;
  readonly found: readonly PiiKind[];
}

const marker = (kind: PiiKind) => `[redacted ${kind}]`;

const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const ssn = /\b\d{3}[- ]\d{2}[- ]\d{4}\b/g;
// 13–19 digits, optionally grouped by spaces or dashes.
const cardCandidate = /\b(?:\d[ -]?){12,18}\d\b/g;
const phone = /(?<![\d-])(?:\+?\d{1,3}[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}(?![\d-])/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

export function redactPii(input: string): Redaction {
  const found = new Set<PiiKind>();
  let text = input.replace(email, () => {
    found.add("email");
    return marker("email");
  });
  text = text.replace(cardCandidate, (match) => {
    if (!luhnValid(match.replace(/[ -]/g, ""))) return match;
    found.add("card");
    return marker("card");
  });
  text = text.replace(ssn, () => {
    found.add("ssn");
    return marker("ssn");
  });
  text = text.replace(phone, () => {
    found.add("phone");
    return marker("phone");
  });
  return { text, found: [...found] };
}

/** Digits entered where the business marked them sensitive (PINs, card digits) are never stored. */
export function redactDigits(digits: string): string {
  return digits.length <= 4 ? "[redacted digits]" : `[redacted ${digits.length} digits]`;
}

// A run of digits, also grouped by single spaces or dashes ("6006 4912 3456 7890").
const digitRun = /\d(?:[ -]?\d)*/g;

/**
 * The caller's answer to a sensitive digit capture, as it may be stored: every
 * run of digits, keyed or spoken ("one two three four"), becomes a redaction.
 */
export function redactSensitiveEntry(text: string): string {
  return spokenDigitsToNumerals(text).replace(digitRun, (run) => redactDigits(run.replace(/\D/g, "")));
}

/** Tool arguments as they may be stored or shown: the named sensitive ones redacted, the rest untouched. */
export function redactArguments(args: unknown, sensitive: readonly string[]): unknown {
  if (sensitive.length === 0 || typeof args !== "object" || args === null || Array.isArray(args)) return args;
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => [key, sensitive.includes(key) ? redactValue(value) : value]),
  );
}

function redactValue(value: unknown): string {
  const text = typeof value === "string" || typeof value === "number" ? String(value) : "";
  const digits = text.replace(/\D/g, "");
  return digits.length > 0 && digits.length === text.replace(/[ -]/g, "").length ? redactDigits(digits) : "[redacted value]";
}
