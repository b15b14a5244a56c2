import { prepositionFour } from "./digit-view";

/**
 * Slot extraction from what a caller says or types: order numbers (also when
 * spoken digit by digit, "four two seven one"), dates, names and bare digits.
 */
const digitWords: Record<string, string> = {
  zero: "0", oh: "0", o: "0", one: "1", two: "2", to: "2", too: "2", three: "3", four: "4", for: "4",
  five: "5", six: "6", seven: "7", eight: "8", ate: "8", nine: "9",
};
const strictDigitWords = new Set(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "oh"]);

export interface Slots {
  orderNumber?: string;
  date?: string; // ISO yyyy-mm-dd
  name?: string;
  digits?: string;
}

/**
 * Turns runs of spoken digits into numerals: "four two seven one" → "4271".
 * Homophones ("for", "to") only count inside a run with at least two real
 * digit words, so "asked for two" is not read as "42".
 */
export function spokenDigitsToNumerals(text: string): string {
  const words = text.split(/(\s+)/);
  const out: string[] = [];
  let run: string[] = [];
  let strictCount = 0;
  const flush = () => {
    if (run.length >= 2 && strictCount >= 2) out.push(run.map((w) => digitWords[w] ?? w).join(""));
    else out.push(run.join(" "));
    run = [];
    strictCount = 0;
  };
  const spoken = words.filter((w) => !/^\s+$/.test(w));
  for (const [index, token] of spoken.entries()) {
    const bare = token.toLowerCase().replace(/[^a-z0-9]/g, "");
    const next = spoken[index + 1]?.toLowerCase().replace(/[^a-z]/g, "");
    if ((bare in digitWords && !prepositionFour(bare, next)) || /^\d$/.test(bare)) {
      run.push(bare);
      if (strictDigitWords.has(bare) || /^\d$/.test(bare)) strictCount += 1;
      continue;
    }
    if (run.length) flush();
    out.push(token);
  }
  if (run.length) flush();
  return out.join(" ").replace(/\b(\d)\s(?=\d\b)/g, "$1");
}

const smallNumbers: Record<string, number> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const tensWords: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };

/**
 * Numbers said the long way, as recognisers write them: "forty two seventy
 * one" → "4271" (pairs, the way people read a four-digit number), "four
 * thousand two hundred and seventy one" → "4271". Runs of one word stay
 * words ("which one", "one of your staff"); digit-by-digit runs are
 * `spokenDigitsToNumerals`' job.
 */
export function spokenNumbersToNumerals(text: string): string {
  const tokens = text.replace(/([a-z])-([a-z])/gi, "$1 $2").split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    let j = i;
    const run: string[] = [];
    while (j < tokens.length) {
      const w = tokens[j]!.toLowerCase().replace(/[^a-z]/g, "");
      const isNumber = w in smallNumbers || w in tensWords || w === "hundred" || w === "thousand";
      // "and" only inside a run: "two hundred and seventy".
      if (isNumber || (w === "and" && run.length > 0 && /^(?:hundred|thousand)$/.test(run[run.length - 1]!) && j + 1 < tokens.length)) {
        if (w !== "and") run.push(w);
        j += 1;
      } else break;
    }
    if (run.length >= 2) {
      const value = numberOfRun(run);
      if (value !== undefined) {
        out.push(value);
        i = j;
        continue;
      }
    }
    out.push(tokens[i]!);
    i += 1;
  }
  return out.join(" ");
}

function numberOfRun(run: readonly string[]): string | undefined {
  if (run.includes("hundred") || run.includes("thousand")) {
    let total = 0;
    let current = 0;
    for (const w of run) {
      if (w === "thousand") {
        total += (current || 1) * 1000;
        current = 0;
      } else if (w === "hundred") current = (current || 1) * 100;
      else current += smallNumbers[w] ?? tensWords[w] ?? 0;
    }
    return String(total + current);
  }
  // Groups: a tens word with an optional unit ("forty two"), a teen, or one digit.
  let digits = "";
  for (let k = 0; k < run.length; k++) {
    const w = run[k]!;
    if (w in tensWords) {
      const next = run[k + 1];
      const unit = next !== undefined && next in smallNumbers && smallNumbers[next]! >= 1 && smallNumbers[next]! <= 9 ? smallNumbers[next]! : undefined;
      digits += String(tensWords[w]! + (unit ?? 0));
      if (unit !== undefined) k += 1;
    } else digits += String(smallNumbers[w]);
  }
  return digits;
}

const weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function extractSlots(text: string, now: Date = new Date()): Slots {
  const slots: Slots = {};
  const normalised = spokenNumbersToNumerals(spokenDigitsToNumerals(text.toLowerCase())).replace(/(\d)\s+(?=\d)/g, "$1");
  const order = /(?:order|number|#)\D{0,20}?(\d{3,8})\b/.exec(normalised) ?? /\b(\d{4,8})\b/.exec(normalised);
  if (order?.[1]) slots.orderNumber = order[1];
  const digits = /\b(\d{1,12})\b/.exec(normalised);
  if (digits?.[1]) slots.digits = digits[1];

  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso?.[1]) slots.date = iso[1];
  else if (/\btoday\b/i.test(text)) slots.date = isoDate(now);
  else if (/\btomorrow\b/i.test(text)) slots.date = isoDate(new Date(now.getTime() + 86_400_000));
  else {
    const day = weekdays.findIndex((d) => new RegExp(`\\b${d}\\b`, "i").test(text));
    if (day >= 0) {
      const delta = (day - now.getUTCDay() + 7) % 7 || 7;
      slots.date = isoDate(new Date(now.getTime() + delta * 86_400_000));
    }
  }
  const name = /\b(?:my name is|this is|i am|i'm)\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)/.exec(text);
  if (name?.[1]) slots.name = name[1];
  return slots;
}
