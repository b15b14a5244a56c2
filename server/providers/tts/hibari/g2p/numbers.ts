/**
 * English number words as hibari's front end reads a digit run that reached
 * it (hibari/g2p/numbers.py, num2words' subset: cardinal, ordinal, year,
 * decimal). The product's normaliser spells numbers out before the front end
 * sees them; this is the lexicon's own reading for anything that slips by.
 */
const ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const SCALES = ["", "thousand", "million", "billion", "trillion", "quadrillion", "quintillion", "sextillion", "septillion", "octillion", "nonillion", "decillion"];
const ORD_IRREGULAR: Readonly<Record<string, string>> = { one: "first", two: "second", three: "third", five: "fifth", eight: "eighth", nine: "ninth", twelve: "twelfth" };

function below1000(n: number): string[] {
  const words: string[] = [];
  if (n >= 100) {
    words.push(ONES[Math.floor(n / 100)] ?? "", "hundred");
    n %= 100;
    if (n) words.push("and");
  }
  if (n >= 20) words.push((TENS[Math.floor(n / 10)] ?? "") + (n % 10 ? "-" + ONES[n % 10] : ""));
  else if (n || words.length === 0) words.push(ONES[n] ?? "");
  return words;
}

/** num2words(n): "one thousand, two hundred and thirty-four". */
export function cardinal(n: bigint | number): string {
  let v = BigInt(n);
  if (v < 0n) return "minus " + cardinal(-v);
  if (v < 1000n) return below1000(Number(v)).join(" ");
  const groups: string[] = [];
  let scale = 0;
  while (v) {
    const g = Number(v % 1000n);
    v /= 1000n;
    if (g) groups.push(below1000(g).join(" ") + (scale ? " " + (SCALES[scale] ?? "") : ""));
    scale++;
  }
  groups.reverse();
  const last = groups.at(-1) ?? "";
  if (groups.length > 1 && !(last.split(" and ").at(-1) ?? "").includes(" ") && !last.includes("hundred")) {
    return groups.slice(0, -1).join(", ") + " and " + last; // "one thousand and one"
  }
  return groups.join(", ");
}

function ordWord(w: string): string {
  return ORD_IRREGULAR[w] ?? (w.endsWith("y") ? w.slice(0, -1) + "ieth" : w + "th");
}

/** "twenty-third", "one hundred and first", "one thousandth". */
export function ordinal(n: bigint | number): string {
  const c = cardinal(n);
  const space = c.lastIndexOf(" ");
  const head = c.slice(0, space + 1);
  let last = c.slice(space + 1);
  const dash = last.lastIndexOf("-");
  last = dash >= 0 ? last.slice(0, dash + 1) + ordWord(last.slice(dash + 1)) : ordWord(last);
  return head + last;
}

/** "nineteen oh-five", "two thousand and five", "twenty ten". */
export function year(n: number): string {
  const high = Math.floor(n / 100);
  const low = n % 100;
  if (high === 0 || (high % 10 === 0 && low < 10) || high >= 100) return cardinal(n);
  const lowText = low === 0 ? "hundred" : low < 10 ? "oh-" + cardinal(low) : cardinal(low);
  return cardinal(high) + " " + lowText;
}

/** "3.14" → "three point one four"; trailing zeros go, as float() drops them. */
export function decimal(s: string): string {
  const dot = s.indexOf(".");
  const ip = dot < 0 ? s : s.slice(0, dot);
  const fp = (dot < 0 ? "" : s.slice(dot + 1)).replace(/0+$/, "");
  let words = cardinal(BigInt(ip || "0"));
  if (fp) words += " point " + Array.from(fp, (c) => ONES[Number(c)] ?? "").join(" ");
  return words;
}
