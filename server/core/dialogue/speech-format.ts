/**
 * Spoken forms for voice replies: TTS reads "4271" as "four thousand…", so
 * identifiers are spelled digit by digit and amounts and dates in words.
 */
const ones = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const tens = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

export function numberToWords(n: number): string {
  if (!Number.isFinite(n) || n < 0 || n >= 1_000_000) return String(n);
  n = Math.floor(n);
  if (n < 20) return ones[n] ?? String(n);
  if (n < 100) return `${tens[Math.floor(n / 10)]}${n % 10 ? "-" + ones[n % 10] : ""}`;
  if (n < 1000) return `${ones[Math.floor(n / 100)]} hundred${n % 100 ? " " + numberToWords(n % 100) : ""}`;
  return `${numberToWords(Math.floor(n / 1000))} thousand${n % 1000 ? " " + numberToWords(n % 1000) : ""}`;
}

export function spellDigits(digits: string): string {
  return digits
    .split("")
    .map((d) => (/\d/.test(d) ? ones[Number(d)] : d))
    .join(" ");
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
