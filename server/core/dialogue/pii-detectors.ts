/**
 * What counts as PII in a caller's words, as detectors over the digit view
 * (digit-view.ts): each returns the [start, end) spans it found. Numbers are
 * validated where a checksum exists (Luhn for cards, mod 97 for IBANs), so
 * order numbers and prices stay readable.
 */
export type PiiKind = "card" | "ssn" | "email" | "phone" | "iban";

export interface PiiSpan {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

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

/** ISO 13616: move the first four characters to the end, letters → 10..35, mod 97 must be 1. */
export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** Area 000, 666 and 900–999, group 00 and serial 0000 are never issued. */
function ssnPlausible(digits: string): boolean {
  const area = digits.slice(0, 3);
  return area !== "000" && area !== "666" && area[0] !== "9" && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

const digitCount = (text: string) => text.replace(/\D/g, "").length;

const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// As STT writes it: "jane dot doe at example dot com".
const spokenEmail = /\b[a-z0-9]+(?:\s+(?:dot|underscore|dash|hyphen)\s+[a-z0-9]+)*\s+at\s+[a-z0-9-]+(?:\s+dot\s+[a-z]{2,})+\b/gi;
const iban = /\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){11,30}\b/g;
// A run of digits, grouped by single spaces or dashes; cards are looked for inside it.
const digitGroups = /(?<![\d])\d+(?:[ -]\d+)*(?![\d])/g;
const ssn = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;
const nanpPhone = /(?<![\d-])(?:\+?1[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]?\d{3}[ .-]?\d{4}(?![\d-])/g;
// +44 20 7946 0958, 0049 30 1234567, +33 1 23 45 67 89.
const internationalPhone = /(?<![\w+])(?:\+|00)\d(?:[ .-]?\(?\d+\)?){1,7}/g;
// 020 7946 0958, 030-1234567: a national number with its trunk 0.
// Not part of a longer number, a decimal or a thousands group.
const nationalPhone = /(?<![\d-]|\d[.,])0\d{1,4}(?:[ .-]?\d{2,8}){1,4}(?![\d-]|[.,]\d)/g;
const sevenDigitPhone = /(?<![\d-]|\d[.,])\d{3}[ .-]\d{4}(?![\d-]|[.,]\d)/g;
// A bare seven-digit number is a phone number only when the words around it say so.
const phoneContext = /\b(?:phone|call|cell|mobile|reach|tel|telephone|whatsapp|text|landline|my number)\b\D{0,24}?(?<![\d])(\d{7})(?![\d])/gi;

/** Every PII span in `text`, earlier detectors first (overlaps are merged by the caller). */
export function detectPii(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  const add = (kind: PiiKind, start: number, end: number) => spans.push({ kind, start, end });
  for (const m of text.matchAll(email)) add("email", m.index, m.index + m[0].length);
  for (const m of text.matchAll(spokenEmail)) add("email", m.index, m.index + m[0].length);
  // The pattern may run on into the next words (and the next IBAN): resume right after what was valid.
  const ibans = new RegExp(iban);
  for (let m = ibans.exec(text); m; m = ibans.exec(text)) {
    const length = ibanLength(m[0]);
    if (length > 0) add("iban", m.index, m.index + length);
    ibans.lastIndex = m.index + Math.max(length, 1);
  }
  for (const m of text.matchAll(digitGroups)) for (const card of cardsIn(m[0])) add("card", m.index + card.start, m.index + card.end);
  for (const m of text.matchAll(ssn)) if (ssnPlausible(`${m[1]}${m[3]}${m[4]}`)) add("ssn", m.index, m.index + m[0].length);
  for (const m of text.matchAll(nanpPhone)) add("phone", m.index, m.index + m[0].length);
  for (const m of text.matchAll(internationalPhone)) {
    const count = digitCount(m[0]);
    if (count >= 8 && count <= 15) add("phone", m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(nationalPhone)) {
    const count = digitCount(m[0]);
    if (count >= 9 && count <= 12) add("phone", m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(sevenDigitPhone)) add("phone", m.index, m.index + m[0].length);
  for (const m of text.matchAll(phoneContext)) {
    const start = m.index + m[0].length - m[1]!.length;
    add("phone", start, start + 7);
  }
  return spans;
}

/** The longest valid IBAN at the start of a candidate (the pattern also takes the words after it). */
function ibanLength(candidate: string): number {
  for (let end = Math.min(candidate.length, 42); end >= 15; end--) {
    if (candidate[end - 1] !== " " && ibanValid(candidate.slice(0, end))) return end;
  }
  return 0;
}

/**
 * Card numbers inside a run of digit groups: the whole run when it passes
 * Luhn, else any stretch of whole groups with 13–19 digits that does ("card
 * 4111 1111 1111 1111 2024" is a card and a year).
 */
function cardsIn(run: string): { start: number; end: number }[] {
  const groups = [...run.matchAll(/\d+/g)].map((g) => ({ start: g.index, end: g.index + g[0].length, digits: g[0] }));
  const found: { start: number; end: number }[] = [];
  let i = 0;
  while (i < groups.length) {
    let matched = false;
    for (let j = groups.length - 1; j >= i; j--) {
      const digits = groups.slice(i, j + 1).map((g) => g.digits).join("");
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) {
        found.push({ start: groups[i]!.start, end: groups[j]!.end });
        i = j + 1;
        matched = true;
        break;
      }
    }
    if (!matched) i++;
  }
  return found;
}
