/**
 * A view of a text in which spoken digits are numerals ("four two four two" →
 * "4242"), with every character of the view mapped back to the span of the
 * original it came from. Detectors run on the view (a card number read out
 * word by word, as STT writes it, looks like a card number there) and the
 * redaction is applied to the original, so words that are not PII stay as the
 * caller said them.
 */
export interface DigitView {
  /** The canonical text (NFKC, no invisible characters) with spoken digit runs as numerals, joined. */
  readonly text: string;
  /** The original [start, end) of the view's characters [from, to). */
  originalSpan(from: number, to: number): [number, number];
}

const digitWords: Record<string, string> = {
  zero: "0", oh: "0", o: "0", one: "1", won: "1", two: "2", to: "2", too: "2", three: "3", four: "4", for: "4",
  five: "5", six: "6", seven: "7", eight: "8", ate: "8", nine: "9", niner: "9",
};
const strictDigitWords = new Set(["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "niner"]);

/** Zero-width and bidi-control characters: invisible, and used to split a number so no pattern sees it. */
export const INVISIBLE_CHARACTERS = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

const objectWords = new Set(["me", "you", "us", "him", "her", "them", "my", "your", "our", "the", "a", "an"]);

/**
 * "Four" right before "me", "you", "the"… is the preposition a recogniser
 * wrote as a number ("check order four two seven one four me"), not a digit.
 */
export function prepositionFour(word: string, next: string | undefined): boolean {
  return (word === "four" || word === "for") && next !== undefined && objectWords.has(next.toLowerCase());
}

/** NFKC (fullwidth "４" → "4", "：" → ":") without invisible characters: the form every check reads. */
export function canonicalText(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE_CHARACTERS, "");
}

interface Token {
  readonly text: string;
  readonly start: number;
  readonly digit?: string;
  readonly strict: boolean;
}

/** Text with, for each of its characters, the [start, end) of the original it came from. */
class MappedText {
  text = "";
  readonly starts: number[] = [];
  readonly ends: number[] = [];

  emit(chars: string, start: number, end: number): void {
    for (const char of chars) {
      this.text += char;
      for (let k = 0; k < char.length; k++) {
        this.starts.push(start);
        this.ends.push(end);
      }
    }
  }

  span(from: number, to: number, fallback: number): [number, number] {
    if (to <= from) return [this.starts[from] ?? fallback, this.starts[from] ?? fallback];
    return [this.starts[from]!, this.ends[to - 1]!];
  }
}

/**
 * Builds the view of `original`: canonical (canonicalText, character by
 * character so positions can be traced back), then spoken digit runs as
 * numerals. A run of digit words counts when it has at least two real digit
 * words ("asked for two" is not "42"); "double"/"triple" are not expanded.
 */
export function digitView(original: string): DigitView {
  const canonical = new MappedText();
  let offset = 0;
  for (const char of original) {
    canonical.emit(char.normalize("NFKC").replace(INVISIBLE_CHARACTERS, ""), offset, offset + char.length);
    offset += char.length;
  }
  const tokens: Token[] = [];
  const matches = [...canonical.text.matchAll(/[A-Za-z]+|\s+|[\s\S]/g)];
  matches.forEach((match, index) => {
    const word = match[0].toLowerCase();
    const digit = /^[a-z]+$/.test(word) && !prepositionFour(word, matches[index + 2]?.[0]) ? digitWords[word] : undefined;
    tokens.push({ text: match[0], start: match.index, digit, strict: strictDigitWords.has(word) });
  });
  const view = new MappedText();
  let i = 0;
  while (i < tokens.length) {
    const run = spokenRun(tokens, i);
    if (run) {
      for (const token of run.words) view.emit(token.digit!, token.start, token.start + token.text.length);
      i = run.next;
      continue;
    }
    const token = tokens[i]!;
    for (let k = 0; k < token.text.length; k++) view.emit(token.text[k]!, token.start + k, token.start + k + 1);
    i++;
  }
  return {
    text: view.text,
    originalSpan(from, to) {
      const [start, end] = view.span(from, to, canonical.text.length);
      return end <= start ? [canonical.starts[start] ?? original.length, canonical.starts[start] ?? original.length] : canonical.span(start, end, original.length);
    },
  };
}
/** Digit words from `start`, separated only by spaces or hyphens, when they make a real run. */
function spokenRun(tokens: Token[], start: number): { words: Token[]; next: number } | undefined {
  if (tokens[start]?.digit === undefined) return undefined;
  const words: Token[] = [];
  let i = start;
  let next = start;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (token.digit === undefined) break;
    words.push(token);
    next = i + 1;
    // Skip one separator (spaces, a hyphen or a comma) before the next digit word.
    let j = i + 1;
    while (j < tokens.length && /^(?:\s+|-|,)$/.test(tokens[j]!.text)) j++;
    if (j === i + 1) break;
    i = j;
  }
  const strict = words.filter((w) => w.strict).length;
  return words.length >= 2 && strict >= 2 ? { words, next } : undefined;
}
