/**
 * Spoken forms for voice replies: TTS reads "4271" as "four thousand…", so
 * identifiers are spelled digit by digit and amounts and dates in words.
 */
const ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

const scales = [
  [1e12, "trillion"],
  [1e9, "billion"],
  [1e6, "million"],
  [1e3, "thousand"],
] as const;

/** Cardinal words for 0 ≤ n < 10¹⁵ ("one thousand two hundred fifty"); other values as digits. */
export function numberToWords(n: number): string {
  if (!Number.isFinite(n) || n < 0 || n >= 1e15) return String(n);
  n = Math.floor(n);
  if (n < 20) return ones[n] ?? String(n);
  if (n < 100) return `${tens[Math.floor(n / 10)]}${n % 10 ? "-" + ones[n % 10] : ""}`;
  if (n < 1000) return `${ones[Math.floor(n / 100)]} hundred${n % 100 ? " " + numberToWords(n % 100) : ""}`;
  for (const [size, name] of scales) {
    if (n >= size) return `${numberToWords(Math.floor(n / size))} ${name}${n % size ? " " + numberToWords(n % size) : ""}`;
  }
  return String(n);
}

const irregularOrdinals: Readonly<Record<string, string>> = { one: "first", two: "second", three: "third", five: "fifth", eight: "eighth", nine: "ninth", twelve: "twelfth" };

/** "first", "twenty-second", "one hundred third". */
export function ordinalWords(n: number): string {
  return numberToWords(n).replace(/[a-z]+$/, (last) => irregularOrdinals[last] ?? (last.endsWith("y") ? `${last.slice(0, -1)}ieth` : `${last}th`));
}

/** Years as people say them: "nineteen ninety-eight", "two thousand five", "twenty twenty-six". */
export function yearWords(year: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999 || (year >= 2000 && year < 2010) || year % 1000 === 0) return numberToWords(year);
  const century = numberToWords(Math.floor(year / 100));
  const rest = year % 100;
  if (rest === 0) return `${century} hundred`;
  return `${century} ${rest < 10 ? "oh " : ""}${numberToWords(rest)}`;
}

export function spellDigits(digits: string): string {
  return digits
    .split("")
    .map((d) => (/\d/.test(d) ? ones[Number(d)] : d))
    .join(" ");
}

/**
 * Digits as a caller takes them down: up to four in one breath, longer runs
 * in threes with no single digit left alone ("two five zero, one eight",
 * "one two three, four five six, seven eight nine zero").
 */
export function spellDigitGroups(digits: string): string {
  if (digits.length <= 4) return spellDigits(digits);
  const groups = digits.match(/\d{1,3}/g) ?? [digits];
  const last = groups.at(-1) ?? "";
  if (last.length === 1 && groups.length > 1) groups.splice(-2, 2, `${groups.at(-2) ?? ""}${last}`);
  return groups.map(spellDigits).join(", ");
}

/**
 * A code (a booking reference, a tracking code) read out as an agent reads
 * one down a phone line: each letter set apart, digits in groups, a pause
 * at each hyphen; a prefix of letters only is said as one run, like
 * initials. "HC-7YJ0H" → "H C, seven, Y, J, zero, H"; "HC-48275" → "H C,
 * four eight two, seven five". Run together ("X S three four two"), a
 * listener hears "access three four two".
 */
export function spellCode(code: string): string {
  return code
    .split("-")
    .filter(Boolean)
    .map((part) => {
      if (/^[A-Za-z]+$/.test(part)) return part.toUpperCase().split("").join(" ");
      return (part.match(/\d+|[A-Za-z]/g) ?? []).map((run) => (/\d/.test(run) ? spellDigitGroups(run) : run.toUpperCase())).join(", ");
    })
    .join(", ");
}

export function spokenMoney(cents: number): string {
  const dollars = Math.floor(cents / 100);
  const rest = cents % 100;
  return `${numberToWords(dollars)} dollar${dollars === 1 ? "" : "s"}${rest ? ` and ${numberToWords(rest)} cents` : ""}`;
}

export function writtenMoney(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

export function spokenDate(date: Date): string {
  return date.toLocaleDateString("en-US", { weekday: "long", month: "long", day: "numeric", timeZone: "UTC" });
}
