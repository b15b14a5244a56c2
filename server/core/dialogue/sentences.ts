/**
 * Where sentences end in written text. Used to cut a knowledge passage down to
 * its first sentences and to cut streamed LLM text into sentences for TTS.
 *
 * A "." ends a sentence only when whitespace follows it, so "$4.00", "3.5",
 * "1.2.3", "example.com" and "hello@harborcafe.example" never split; after an
 * abbreviation it ends one only when the next word starts a new sentence.
 * Sentences keep their written form: splitting never adds or drops a
 * character inside a sentence, it only trims the space between them.
 */

export interface SentenceCut {
  /** Sentences that are known to be complete. */
  readonly sentences: string[];
  /**
   * The text after the last complete sentence, verbatim: unfinished, or ending
   * on a mark whose meaning depends on the next character ("$4." may go on as
   * "$4.00"). A stream feeds it the next delta; at the end it is a sentence too.
   */
  readonly rest: string;
}

type Decision = "split" | "continue" | "wait";

const TERMINATORS = new Set([".", "!", "?", "…"]);
/** Closing marks that belong to the sentence they follow: `He said "yes."`, `**Open.**` */
const CLOSERS = new Set(['"', "'", ")", "]", "}", "”", "’", "»", "*", "_"]);

/** Abbreviations that are never the last word of a sentence. */
const NEVER_LAST = new Set(["mr", "mrs", "ms", "mx", "dr", "prof", "sr", "e.g", "i.e", "vs", "cf", "approx", "ca"]);

/**
 * Abbreviations that may end a sentence ("We open at 9 a.m." / "at 12 Harbor
 * St. Come by"): a sentence ends after them only when the next word is
 * capitalised.
 */
const MAY_BE_LAST = new Set([
  "a.m", "p.m", "etc", "st", "ave", "rd", "blvd", "ln", "hwy", "jr", "inc", "ltd", "co", "corp", "dept", "apt", "ste", "mt",
  "min", "mins", "hr", "hrs", "sec", "oz", "lb", "lbs", "ft", "est", "tel", "ext",
  "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
]);

/** Splits a whole text into sentences. */
export function splitSentences(text: string): string[] {
  const { sentences, rest } = cutSentences(text);
  const last = rest.trim();
  return last ? [...sentences, last] : sentences;
}

/** Cuts the complete sentences off the front of text (see `SentenceCut`). */
export function cutSentences(text: string): SentenceCut {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    let end = i;
    let decision: Decision;
    if (ch === "\n") {
      decision = text.slice(start, i).trim() === "" ? "continue" : lineBreak(text.slice(i + 1));
    } else if (TERMINATORS.has(ch)) {
      while (TERMINATORS.has(text[end + 1] ?? "")) end++;
      while (CLOSERS.has(text[end + 1] ?? "")) end++;
      decision = terminator(text, start, i, end);
    } else continue;

    if (decision === "wait") break;
    if (decision === "split") {
      const sentence = text.slice(start, end + 1).trim();
      if (sentence) sentences.push(sentence);
      start = end + 1;
    }
    i = end;
  }
  return { sentences, rest: text.slice(start) };
}

/**
 * A line break ends a sentence when a list item, heading, quote or blank line
 * follows (LLM answers often list items without full stops); otherwise it is
 * a wrapped line of the same sentence.
 */
function lineBreak(after: string): Decision {
  const next = after.replace(/^[ \t]+/, "");
  if (next === "" || /^\d+$/.test(next)) return "wait";
  if (/^(?:[\n#>|•]|[-*+](?:\s|$)|\d+[.)])/.test(next)) return "split";
  return "continue";
}

/** Whether the run of terminators text[at..end] (with its closers) ends the sentence that began at `start`. */
function terminator(text: string, start: number, at: number, end: number): Decision {
  const next = text[end + 1];
  if (next === undefined) return "wait";
  if (!/\s/.test(next)) return "continue";
  if (text[at] !== "." || (end > at && text[at + 1] === ".")) return "split";

  const before = text.slice(start, at);
  const word = (/[\p{L}.]*$/u.exec(before)?.[0] ?? "").toLowerCase();
  const token = /\S*$/.exec(before)?.[0] ?? "";
  // "1." opening a line is a list number, not a sentence.
  if (/^\d+$/.test(token) && /(?:^|\n)[ \t]*$/.test(before.slice(0, before.length - token.length))) return "continue";
  if (NEVER_LAST.has(word)) return "continue";
  const following = text.slice(end + 1).replace(/^\s+/, "");
  // Initials: "J. Smith" (but "…than I. Then" ends a sentence).
  if (/^(?!I$)\p{Lu}$/u.test(/[\p{L}.]*$/u.exec(before)?.[0] ?? "")) {
    if (following === "") return "wait";
    return /^\p{Lu}/u.test(following) ? "continue" : "split";
  }
  if (word === "no" || word === "nos") {
    // "No. 5" is a number; "The answer is no. Thanks" ends a sentence.
    if (following === "") return "wait";
    return /^\d/.test(following) ? "continue" : "split";
  }
  if (MAY_BE_LAST.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) {
    if (following === "") return "wait";
    return /^\p{Lu}/u.test(following) ? "split" : "continue";
  }
  return "split";
}
