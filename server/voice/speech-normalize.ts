import { numberToWords, ordinalWords, spellCode, spellDigitGroups, spellDigits, yearWords } from "../core/dialogue/speech-format";
import {
  currencies,
  currencyCodes,
  dollar,
  dottedAbbreviations,
  romanCardinalContexts,
  romanOrdinalContexts,
  shorthands,
  symbolWords,
  titles,
  units,
  usStates,
} from "./speech-normalize-tables";

/**
 * Written text → the words a TTS voice should say: "$4.00" → "four dollars",
 * "9:00 am – 5:00 pm" → "nine a.m. to five p.m.", "Mon–Fri" → "Monday to
 * Friday", "order 4271" → "order four two seven one". Applied to each sentence
 * just before synthesis; transcripts and chat keep the written form.
 *
 * The rules run in order, each over the output of the one before: markdown
 * and addresses first (so their dots and digits are not read as numbers),
 * then phone numbers, dates and times, then money and the remaining numbers,
 * then abbreviations and symbols. A rule's words contain no digits, so a
 * later rule never reads them again and the whole is idempotent. Shapes no
 * rule knows pass through as written.
 */
export function normalizeForSpeech(text: string): string {
  try {
    let spoken = text;
    for (const rule of rules) spoken = applyRule(rule, spoken);
    return tidy(spoken);
  } catch {
    // A rule tripping over odd input must not cost the caller a sentence.
    return text;
  }
}

interface Rule {
  readonly name: string;
  /** Global pattern. */
  readonly pattern: RegExp;
  /** Words for one match, given the text after it; undefined leaves the match as written. */
  readonly say: (match: RegExpMatchArray, after: string) => string | undefined;
}

function applyRule(rule: Rule, text: string): string {
  let out = "";
  let last = 0;
  for (const match of text.matchAll(rule.pattern)) {
    const at = match.index ?? 0;
    const words = rule.say(match, text.slice(at + match[0].length));
    if (words === undefined) continue;
    out += text.slice(last, at) + words;
    last = at + match[0].length;
  }
  return out + text.slice(last);
}

function replace(name: string, pattern: RegExp, words: string): Rule {
  return { name, pattern, say: () => words };
}

/** An abbreviation's dot that also ended the sentence is kept: "until Fri." → "until Friday." */
function stop(match: RegExpMatchArray, after: string): string {
  return match[0].endsWith(".") && /^(?:\s*$|\s+\p{Lu})/u.test(after) ? "." : "";
}

// --- numbers ---------------------------------------------------------------

function cardinal(digits: string): string {
  const plain = digits.replaceAll(",", "");
  return plain.length > 15 ? spellDigits(plain) : numberToWords(Number(plain));
}

/** "3.5" → "three point five", "1.2.3" → "one point two point three". */
function decimal(whole: string, fractions: string): string {
  return [cardinal(whole), ...fractions.split(".").filter(Boolean).map(spellDigits)].join(" point ");
}

function number(text: string): string {
  const [whole = "", ...rest] = text.split(".");
  return rest.length ? decimal(whole, rest.join(".")) : cardinal(whole);
}

// --- money -----------------------------------------------------------------

const scales: Readonly<Record<string, string>> = { k: "thousand", thousand: "thousand", m: "million", mn: "million", million: "million", bn: "billion", billion: "billion" };

/** "$4.50" → "four dollars fifty", "$0.75" → "seventy-five cents", "$4.05" → "four dollars and five cents". */
function money(symbol: string, whole: string, fraction: string | undefined, scale?: string, adjective = false): string {
  const known = currencies[symbol] ?? dollar;
  // "a $2 fee" is "a two dollar fee", "a $0.25 discount" "a twenty-five cent discount".
  const currency = adjective ? { ...known, many: known.one, cents: known.cents === "cents" ? known.cent : known.cents } : known;
  const scaleWord = scale ? scales[scale.toLowerCase()] : undefined;
  if (scaleWord) return `${fraction ? decimal(whole, fraction) : cardinal(whole)} ${scaleWord} ${currency.many}`;
  if (fraction && fraction.length > 2) return `${decimal(whole, fraction)} ${currency.many}`;
  const units = Number(whole.replaceAll(",", ""));
  const cents = fraction ? Number(fraction.padEnd(2, "0")) : 0;
  const main = `${cardinal(whole)} ${units === 1 ? currency.one : currency.many}`;
  if (cents === 0) return main;
  if (units === 0) return `${numberToWords(cents)} ${cents === 1 ? currency.cent : currency.cents}`;
  return cents < 10 ? `${main} and ${numberToWords(cents)} ${cents === 1 ? currency.cent : currency.cents}` : `${main} ${numberToWords(cents)}`;
}

// --- times -----------------------------------------------------------------

interface ClockTime {
  hour: number;
  minute?: number;
  half?: "a" | "p";
}

function clockTime(hour?: string, minute?: string, half?: string): ClockTime {
  return { hour: Number(hour), minute: minute === undefined ? undefined : Number(minute), half: half ? (half.toLowerCase() as "a" | "p") : undefined };
}

function clockWords({ hour, minute }: ClockTime): string {
  const h = numberToWords(hour % 12 === 0 ? 12 : hour % 12);
  if (!minute) return h;
  return `${h} ${minute < 10 ? "oh " : ""}${numberToWords(minute)}`;
}

function halfWords(t: ClockTime): string {
  if (t.hour % 12 === 0 && !t.minute) return t.half === "a" ? "midnight" : "twelve noon";
  return `${clockWords(t)} ${t.half === "a" ? "a.m." : "p.m."}`;
}

/** 24-hour clock ("17:00") to a.m./p.m. */
function fromTwentyFour(t: ClockTime): ClockTime {
  return { hour: t.hour % 24, minute: t.minute, half: t.hour % 24 < 12 ? "a" : "p" };
}

const isClock = (t: ClockTime) => t.minute !== undefined || t.half !== undefined;
const validClock = (t: ClockTime) => (t.half ? t.hour >= 1 && t.hour <= 12 : t.hour <= 24);
const flip = (half: "a" | "p") => (half === "a" ? "p" : "a");

function timeWords(t: ClockTime): string | undefined {
  if (!isClock(t) || !validClock(t)) return undefined;
  if (t.half) return halfWords(t);
  if (t.hour >= 13 || t.hour === 0 || t.hour === 24) return halfWords(fromTwentyFour(t));
  return t.minute ? clockWords(t) : `${clockWords(t)} o'clock`;
}

/** "9–5 pm" → "nine a.m. to five p.m.", "8:00–18:00" → "eight a.m. to six p.m.", "1–3 pm" → "one to three p.m.". */
function timeRangeWords(from: ClockTime, to: ClockTime, joiner: string): string | undefined {
  if ((!isClock(from) && !isClock(to)) || !validClock(from) || !validClock(to)) return undefined;
  if (!from.half && !to.half) {
    if ([from, to].some((t) => t.hour >= 13 || t.hour === 0 || t.hour === 24)) [from, to] = [fromTwentyFour(from), fromTwentyFour(to)];
    else return `${clockWords(from)} ${joiner} ${clockWords(to)}`;
  }
  if (!from.half && to.half) from = { ...from, half: from.hour % 12 < to.hour % 12 ? to.half : flip(to.half) };
  if (from.half && !to.half) to = { ...to, half: to.hour % 12 > from.hour % 12 ? from.half : flip(from.half) };
  const plain = (t: ClockTime) => t.hour % 12 !== 0 || !!t.minute;
  if (from.half === to.half && plain(from) && plain(to)) return `${clockWords(from)} ${joiner} ${halfWords(to)}`;
  return `${halfWords(from)} ${joiner} ${halfWords(to)}`;
}

// --- calendar --------------------------------------------------------------

const dayNames: Readonly<Record<string, string>> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
const monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

const dayName = (word: string) => dayNames[word.slice(0, 3).toLowerCase()] ?? word;
const monthName = (word: string) => monthNames.find((m) => m.slice(0, 3) === word.slice(0, 3)) ?? word;

function dateWords(month: number, day: number, year?: string): string | undefined {
  const name = monthNames[month - 1];
  if (!name || day < 1 || day > 31) return undefined;
  return `${name} ${ordinalWords(day)}${year ? `, ${yearWords(Number(year.length === 2 ? `20${year}` : year))}` : ""}`;
}

const DAY = String.raw`(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)`;
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const TIME = String.raw`(\d{1,2})(?::([0-5]\d))?(?:\s?([AaPp])\.?\s?[Mm]\b\.?)?`;
const AMOUNT = String.raw`(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?`;
/** A number starts and ends here, not inside a word, a decimal, a thousands group, a time or an amount. */
const NOT_AFTER_NUMBER = String.raw`(?<![\p{L}\d.,:$€£¥₹₩])`;
const NOT_BEFORE_NUMBER = String.raw`(?![\p{L}\d]|[.,:]\d)`;

// --- addresses -------------------------------------------------------------

/** "https://www.harborcafe.example/menu?day=1" → "harborcafe dot example slash menu". */
function urlWords(url: string): string {
  const bare = url.replace(/^https?:\/\//i, "").replace(/^www\./i, "").replace(/[?#].*$/, "").replace(/\/+$/, "");
  const [host = "", ...path] = bare.split("/");
  return [host.split(".").join(" dot "), ...path].join(" slash ");
}

function emailWords(email: string): string {
  const [local = "", domain = ""] = email.split("@");
  const localWords = local.replace(/[._+-]/g, (c) => ({ ".": " dot ", _: " underscore ", "+": " plus ", "-": " dash " })[c] ?? c);
  return `${localWords} at ${domain.split(".").join(" dot ")}`;
}

function phoneWords(phone: string): string {
  const groups = phone.match(/\d+/g) ?? [];
  return `${phone.trimStart().startsWith("+") ? "plus " : ""}${groups.map(spellDigits).join(", ")}`;
}

/** Longest first, so "km/h" wins over "km" and "sq ft" over nothing. */
const UNIT = Object.keys(units)
  .sort((a, b) => b.length - a.length)
  .map((u) => u.replace(/[/\\]/g, "\\$&"))
  .join("|");

const alternation = (words: readonly string[]) => [...words].sort((a, b) => b.length - a.length).join("|");
const ROMAN = String.raw`(?=[IVXLC])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})`;

function romanValue(numeral: string): number {
  const value: Readonly<Record<string, number>> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let total = 0;
  for (let i = 0; i < numeral.length; i++) {
    const v = value[numeral[i] ?? ""] ?? 0;
    total += v < (value[numeral[i + 1] ?? ""] ?? 0) ? -v : v;
  }
  return total;
}

/** A numeral after a context word; a lone "I" only where it cannot be the pronoun ("Part I think…"). */
function roman(m: RegExpMatchArray, after: string, ordinal: boolean): string | undefined {
  const numeral = m[2] ?? "";
  if (!numeral || (numeral === "I" && /^\s+\p{Ll}/u.test(after))) return undefined;
  const n = romanValue(numeral);
  return `${m[1]} ${ordinal ? `the ${ordinalWords(n)}` : numberToWords(n)}`;
}

const streets: Readonly<Record<string, string>> = { St: "Street", Dr: "Drive", Ave: "Avenue", Rd: "Road", Blvd: "Boulevard", Ln: "Lane", Hwy: "Highway", Pkwy: "Parkway", Sq: "Square" };

const perUnits: Readonly<Record<string, string>> = { h: "hour", hr: "hour", wk: "week", mo: "month", yr: "year" };

const fractions: Readonly<Record<string, string>> = { "1/2": "one half", "½": "one half", "1/3": "one third", "2/3": "two thirds", "1/4": "one quarter", "¼": "one quarter", "3/4": "three quarters", "¾": "three quarters" };

const rules: readonly Rule[] = [
  // One spelling of each mark: curly apostrophes, figure and horizontal dashes, no-break spaces.
  { name: "typography", pattern: /[’‒―\u00a0]/g, say: (m) => ({ "’": "'", "‒": "-", "―": "—", "\u00a0": " " })[m[0]] },
  // Markdown an LLM may leave in an answer.
  replace("code fence", /^[ \t]*(?:```|~~~).*$/gm, ""),
  { name: "image or link", pattern: /!?\[([^\]]*)\]\([^)\s]*\)/g, say: (m) => m[1] },
  { name: "bold", pattern: /(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, say: (m) => m[2] },
  { name: "italic", pattern: /(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])/g, say: (m) => m[1] ?? m[2] },
  { name: "strikethrough or code", pattern: /~~(.+?)~~|`([^`]+)`/g, say: (m) => m[1] ?? m[2] },
  replace("heading, quote or list marker", /^[ \t]*(?:#{1,6}|>|[-*+•]|\d{1,3}[.)])[ \t]+/gm, ""),
  replace("rule or table separator", /^[ \t]*(?:(?:[-*_][ \t]*){3,}|\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+)[ \t]*$/gm, ""),
  replace("emoji", /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\uFE0F|\u200D/gu, ""),

  // Addresses, before their dots and digits are read as numbers.
  { name: "url", pattern: /\b(?:https?:\/\/|www\.)[^\s<>"')\]]*[^\s<>"')\].,;:!?]/gi, say: (m) => urlWords(m[0]) },
  { name: "email", pattern: /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, say: (m) => emailWords(m[0]) },
  { name: "domain", pattern: /\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|io|co|uk|us|ca|app|dev|ai|info|example)\b(?:\/[^\s]*[^\s.,;:!?)])?/gi, say: (m) => urlWords(m[0]) },

  // Codes mixing capitals and digits (references, tracking codes) are read out as an agent spells them: letters apart, digits grouped.
  { name: "code", pattern: /(?<![\w-])(?:[A-Z]{1,3}-(?=[A-Z]*\d)[A-Z\d]{4,}|(?=[A-Z\d]*[A-Z])(?=[A-Z\d]*\d)[A-Z\d]{5,})(?![\w-])/g, say: (m) => spellCode(m[0]) },
  // A state's postal code before a ZIP code ("Portland, OR 97201"); the ZIP is read digit by digit.
  {
    name: "state and zip",
    pattern: new RegExp(String.raw`(?<=,\s?)(${Object.keys(usStates).join("|")})\s+(\d{5})(?:-(\d{4}))?(?!\d)`, "g"),
    say: (m) => `${usStates[m[1] ?? ""]} ${spellDigits(m[2] ?? "")}${m[3] ? `, ${spellDigits(m[3])}` : ""}`,
  },
  { name: "set phrase", pattern: /(?<![\w/])(?:24\/7|w\/o|w\/|and\/or)(?![\w/])/gi, say: (m) => ({ "24/7": "twenty-four seven", "w/o": "without", "w/": "with", "and/or": "and or" })[m[0].toLowerCase()] },
  { name: "or", pattern: /(?<=\b\p{Ll}+)(?<!\d\s?km)\/(?=\p{Ll}+\b)/gu, say: () => " or " },
  { name: "fraction", pattern: /(?<![\d/])(?:[12]\/3|[13]\/4|1\/2)(?![\d/])|[½¼¾]/g, say: (m) => fractions[m[0]] },

  { name: "phone", pattern: /(?<![\w$])\+\d{1,3}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?!\d)|(?<![\w$.])(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)|(?<![\w$.,-])[2-9]\d{2}-\d{4}(?![\d-])/g, say: (m) => phoneWords(m[0]) },

  { name: "currency code", pattern: /(?<![\w$])(USD|US\$|EUR|GBP|JPY|INR|Rs\.?)\s?(?=\d)/g, say: (m) => currencyCodes[m[1] ?? ""] },

  // Dates.
  { name: "iso date", pattern: /\b(\d{4})-(\d{2})-(\d{2})\b/g, say: (m) => dateWords(Number(m[2]), Number(m[3]), m[1]) },
  { name: "numeric date", pattern: /(?<![\d/.])(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2}))?(?![\d/])/g, say: (m) => dateWords(Number(m[1]), Number(m[2]), m[3]) },
  { name: "month day", pattern: new RegExp(String.raw`\b(${MONTH})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?`, "g"), say: (m) => dateWords(monthNames.indexOf(monthName(m[1] ?? "")) + 1, Number(m[2]), m[3]) },
  {
    name: "day month",
    pattern: new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(${MONTH})\b(?:,?\s+(\d{4})\b)?`, "g"),
    say: (m) => (Number(m[1]) >= 1 && Number(m[1]) <= 31 ? `the ${ordinalWords(Number(m[1]))} of ${monthName(m[2] ?? "")}${m[3] ? `, ${yearWords(Number(m[3]))}` : ""}` : undefined),
  },
  { name: "month abbreviation", pattern: /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?(?=\s*\d)/g, say: (m) => monthName(m[1] ?? "") },
  { name: "dotted month", pattern: /\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.(?=\s|$)/g, say: (m, after) => `${monthName(m[1] ?? "")}${stop(m, after)}` },

  // Days, then times ("Sat 9:00" is a day because a time follows).
  { name: "day range", pattern: new RegExp(String.raw`\b(${DAY})\.?(?:\s*[–—-]\s*|\s+(?:to|through|thru|till|until)\s+)(${DAY})\b\.?`, "g"), say: (m, after) => `${dayName(m[1] ?? "")} to ${dayName(m[2] ?? "")}${stop(m, after)}` },
  { name: "day", pattern: /\b(?:Mon|Tues?|Thu(?:rs?)?|Fri)\b\.?/g, say: (m, after) => `${dayName(m[0])}${stop(m, after)}` },
  // "Wed", "Sat" and "Sun" are also words: expand them only among days or before a time.
  {
    name: "ambiguous day",
    pattern: new RegExp(
      [
        String.raw`(?<=\b(?:[Oo]n|[Ee]very|[Uu]ntil|[Tt]ill|[Ff]rom|[Cc]losed|[Oo]pen)\s)(?:Wed|Sat|Sun)\b\.?`,
        String.raw`(?<=\b${DAY}\.?\s*(?:[,&/]|and|or)\s*)(?:Wed|Sat|Sun)\b\.?`,
        String.raw`\b(?:Wed|Sat|Sun)\b\.?(?=\s*(?:[,&/]|and\b|or\b)\s*${DAY}\b|\s+\d)`,
      ].join("|"),
      "g",
    ),
    say: (m, after) => `${dayName(m[0])}${stop(m, after)}`,
  },

  {
    name: "time range",
    pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}${TIME}(?:\s*([–—-])\s*|\s+(to|until|till|through|and)\s+)${TIME}(?![\d:])`, "gu"),
    say: (m) => timeRangeWords(clockTime(m[1], m[2], m[3]), clockTime(m[6], m[7], m[8]), m[5] ?? "to"),
  },
  { name: "time", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}${TIME}(?![\d:])`, "gu"), say: (m) => timeWords(clockTime(m[1], m[2], m[3])) },
  // Abbreviations, before numbers so "No. 5" and "12 Harbor St." keep their context.
  { name: "number sign", pattern: /\b[Nn]o\.\s?(?=#?\d)|#(?=\d)/g, say: () => "number " },
  // "Dr. Smith" is a doctor, "Ocean Dr." a drive; "12 Harbor St." a street, "St. Mary's" a saint.
  { name: "title", pattern: /\b(Mr|Mrs|Ms|Mx|Dr|Prof|Mt)\.?(?=\s+\p{Lu})/gu, say: (m) => titles[m[1] ?? ""] },
  {
    name: "dotted abbreviation",
    pattern: new RegExp(String.raw`(?<![\p{L}\d.])(${alternation(Object.keys(dottedAbbreviations))})\.(?![\p{L}\d])`, "gu"),
    // Inside a sentence (the splitter has already cut at real sentence ends) the dot is only the abbreviation's.
    say: (m, after) => `${dottedAbbreviations[m[1] ?? ""]}${/^\s*$/.test(after) ? "." : ""}`,
  },
  { name: "shorthand", pattern: /\b(aka|AKA|BTW|IMO|TBD)\b/g, say: (m) => shorthands[m[1] ?? ""] },
  {
    name: "roman numeral",
    pattern: new RegExp(String.raw`\b(${alternation(romanCardinalContexts)}|${alternation(romanOrdinalContexts)}) (${ROMAN})\b(?![.'’]\w)`, "g"),
    say: (m, after) => roman(m, after, romanOrdinalContexts.includes(m[1] ?? "")),
  },
  {
    name: "street",
    pattern: /(?<=(?:\p{Lu}\p{Ll}*|\d|\d(?:st|nd|rd|th))\s)(St|Dr)\b\.?|(?<=[\p{L}\d]\s)(Ave|Rd|Blvd|Ln|Hwy|Pkwy|Sq)\b\.?/gu,
    say: (m, after) => `${streets[m[1] ?? m[2] ?? ""]}${stop(m, after)}`,
  },
  { name: "saint", pattern: /\bSt\.?(?=\s+\p{Lu})/gu, say: () => "Saint" },
  { name: "unit", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}(\d+(?:\.\d+)?)\s?(${UNIT})(?![\p{L}\d])\.?`, "gu"), say: (m, after) => `${m[1]} ${units[m[2] ?? ""]?.[m[1] === "1" ? 0 : 1]}${stop(m, after)}` },
  { name: "e.g.", pattern: /\be\.g\.(?!\w)/gi, say: () => "for example" },
  { name: "i.e.", pattern: /\bi\.e\.(?!\w)/gi, say: () => "that is" },
  { name: "etc.", pattern: /\betc\b\.?/gi, say: (m, after) => `et cetera${stop(m, after)}` },
  { name: "other abbreviation", pattern: /\b(vs|approx|Jr|Sr|Apt|Ste|dept|ext|tel)\b\.?(?=\s)/gi, say: (m) => ({ vs: "versus", approx: "approximately", jr: "Junior", sr: "Senior", apt: "apartment", ste: "suite", dept: "department", ext: "extension", tel: "telephone" })[(m[1] ?? "").toLowerCase()] },

  // Money.
  {
    name: "money range",
    pattern: new RegExp(String.raw`([$€£¥₹₩])${AMOUNT}\s*(?:[–—-]|\bto\b)\s*\1?${AMOUNT}(?![\d])`, "g"),
    say: (m) => {
      const [, symbol = "$", fromWhole = "", fromCents, toWhole = "", toCents] = m;
      const whole = (c?: string) => !c || /^0+$/.test(c);
      if (whole(fromCents) && whole(toCents)) return `${cardinal(fromWhole)} to ${money(symbol, toWhole, undefined)}`;
      return `${money(symbol, fromWhole, fromCents)} to ${money(symbol, toWhole, toCents)}`;
    },
  },
  { name: "money as adjective", pattern: new RegExp(String.raw`(?<=\b[Aa]n?\s)([$€£¥₹₩])${AMOUNT}(?=\s+\p{Ll})`, "gu"), say: (m) => money(m[1] ?? "$", m[2] ?? "", m[3], undefined, true) },
  { name: "money", pattern: new RegExp(String.raw`([$€£¥₹₩])\s?${AMOUNT}(?:\s?(k|K|thousand|million|M|mn|bn|billion)\b)?`, "g"), say: (m) => money(m[1] ?? "$", m[2] ?? "", m[3], m[4]) },
  { name: "cents sign", pattern: /(\d+)\s?¢/g, say: (m) => `${cardinal(m[1] ?? "")} ${m[1] === "1" ? "cent" : "cents"}` },

  // Numbers.
  { name: "number range", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}(\d+(?:\.\d+)?)(%?)\s*(?:([–—])|-)\s*(?=\d)(\d+(?:\.\d+)?)`, "gu"), say: (m) => (m[3] || Number(m[1]) < Number(m[4]) ? `${m[1]}${m[2]} to ${m[4]}` : undefined) },
  { name: "percent", pattern: /(\d+(?:\.\d+)?)\s?%/g, say: (m) => `${number(m[1] ?? "")} percent` },
  { name: "ordinal", pattern: /\b(\d{1,3}(?:,\d{3})+|\d+)(?:st|nd|rd|th)\b/g, say: (m) => ordinalWords(Number((m[1] ?? "").replaceAll(",", ""))) },
  { name: "minus", pattern: /(?<=^|[\s(])[-−](?=\d)/gu, say: () => "minus " },
  {
    name: "identifier",
    pattern: /\b(order|confirmation|reference|ref|booking|reservation|ticket|tracking|invoice|receipt|account|code|pin|number)(\s*(?:number|no\.?|#)?\s*:?\s*#?)(\d{3,})\b/gi,
    say: (m) => `${m[1]}${(m[2] ?? "").replace(/#|\bno\b\.?/gi, " ")}${spellDigitGroups(m[3] ?? "")}`,
  },
  // The last digits of a card or a phone number are digits, not an amount: "ending in 3196" → "ending in three one nine six".
  { name: "ending digits", pattern: /\b(end(?:s|ing|ed)\s+(?:in|with)\s+)(\d{2,})\b/gi, say: (m) => `${m[1]}${spellDigits(m[2] ?? "")}` },
  { name: "digit string", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}(?:0\d+|\d{5,})${NOT_BEFORE_NUMBER}`, "gu"), say: (m) => spellDigits(m[0]) },
  { name: "year", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}(?:1[89]\d\d|20\d\d)${NOT_BEFORE_NUMBER}`, "gu"), say: (m) => yearWords(Number(m[0])) },
  { name: "decimal", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}(\d{1,3}(?:,\d{3})+|\d+)((?:\.\d+)+)${NOT_BEFORE_NUMBER}`, "gu"), say: (m) => decimal(m[1] ?? "", (m[2] ?? "").slice(1)) },
  { name: "cardinal", pattern: new RegExp(String.raw`${NOT_AFTER_NUMBER}(?:\d{1,3}(?:,\d{3})+|\d+)${NOT_BEFORE_NUMBER}`, "gu"), say: (m) => cardinal(m[0]) },

  // Symbols.
  { name: "per", pattern: /\s?\/\s?(hour|h|hr|day|night|week|wk|month|mo|year|yr|person|head|guest|item|slice|cup|kg|lb|mile)\b/g, say: (m) => ` per ${perUnits[m[1] ?? ""] ?? m[1]}` },
  replace("slash", /\s?\/\s?/g, " slash "),
  replace("ampersand", /\s*&(?:amp;)?\s*/g, " and "),
  replace("at", /\s*@\s*/g, " at "),
  replace("plus", /\s*\+\s*/g, " plus "),
  replace("equals", /\s*=\s*/g, " equals "),
  replace("less than", /(?<=\S) ?< ?(?=\S)/g, " less than "),
  replace("greater than", /(?<=\S) ?> ?(?=\S)/g, " greater than "),
  { name: "symbol", pattern: /[±×÷©§¶™®•→←²³^\\]/g, say: (m) => symbolWords[m[0]] },
  replace("about", /~\s*(?=\w)/g, "about "),
  { name: "degrees", pattern: /\s?°\s?([FC]\b)?/g, say: (m) => (m[1] ? ` degrees ${m[1] === "F" ? "Fahrenheit" : "Celsius"}` : " degrees") },
  replace("percent sign", /\s?%/g, " percent"),
  replace("dash between words", /\s+[–—-]\s+|(?<=\p{L})[–—](?=\p{L})/gu, ", "),
  replace("table cell", /\s*\|\s*/g, ", "),
  replace("leftover markup", /[*#_]+/g, " "),
];

/** Line breaks inside one sentence become pauses; spacing around punctuation is tidied. */
function tidy(text: string): string {
  return text
    .replace(/(?<![.!?,;:])\s*\n\s*(?=\S)/g, ", ")
    // "until 5 p.m." said as "…five p.m." keeps one dot.
    .replace(/\b([ap])\.m\.\.(?!\.)/g, "$1.m.")
    .replace(/\s+/g, " ")
    .replace(/\s+([,.;:!?])/g, "$1")
    .replace(/([,;:])(?:\s*[,;:])+/g, "$1")
    .replace(/^[\s,;:]+|[\s,;:]+$/g, "")
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")");
}
