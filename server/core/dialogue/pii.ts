import { canonicalText, digitView } from "./digit-view";
import { detectPii, type PiiKind } from "./pii-detectors";
import { spokenDigitsToNumerals } from "./slots";

/**
 * PII redaction for everything stored or logged: card numbers (Luhn-checked,
 * so order numbers are not mistaken for cards), US SSNs with or without
 * dashes, IBANs (mod 97), emails (also spoken: "jane at example dot com") and
 * phone numbers (US, international, national with a trunk 0, seven digits).
 * Each string is redacted on its own, after NFKC and with invisible characters
 * removed, and numbers read out as words ("four two four two …", what STT
 * writes) are found as numbers. The original text is never persisted. Digits
 * the business marked sensitive (a keypad capture, a tool argument) are
 * redacted here too, whatever they look like.
 */
export { luhnValid, type PiiKind } from "./pii-detectors";

export interface Redaction {
  readonly text: string;
  readonly found: readonly PiiKind[];
}

const marker = (kind: PiiKind) => `[redacted ${kind}]`;

export function redactPii(input: string): Redaction {
  // Found on the canonical digit view, cut from the original: text without PII is stored as it was.
  const text = input;
  const view = digitView(text);
  const spans = detectPii(view.text)
    .map((span) => {
      const [start, end] = view.originalSpan(span.start, span.end);
      return { kind: span.kind, start, end };
    })
    .sort((a, b) => a.start - b.start || b.end - a.end);
  // Overlapping finds become one redaction, named after the first detector that found it.
  const merged: { kind: PiiKind; start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  let out = "";
  let at = 0;
  for (const span of merged) {
    out += text.slice(at, span.start) + marker(span.kind);
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, found: [...new Set(merged.map((s) => s.kind))] };
}

/**
 * A JSON-like value with every string in it redacted on its own (object keys
 * are the program's, not the caller's). Redacting the serialised JSON instead
 * misses a number right after an escape such as "\n".
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === "string") return redactPii(value).text as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item)) as T;
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)])) as T;
  }
  return value;
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
  return spokenDigitsToNumerals(canonicalText(text)).replace(digitRun, (run) => redactDigits(run.replace(/\D/g, "")));
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
