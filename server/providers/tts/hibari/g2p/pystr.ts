/**
 * Python `str` predicates the front end's rules are written in (hibari's G2P
 * is a Python port of misaki). JavaScript has no `isalpha` or `islower`, and
 * `\w`/`\d` in JS regexes are ASCII-only, so these use Unicode properties.
 */

/** `str.isalpha()`: non-empty, every code point a letter (L*). */
export function isAlpha(s: string): boolean {
  return s.length > 0 && /^\p{L}+$/u.test(s);
}

/** `str.isdigit()` for the digits text really contains (Unicode Nd). */
export function isDigits(s: string): boolean {
  return s.length > 0 && /^\p{Nd}+$/u.test(s);
}

/** `str.islower()`: at least one cased character and no upper-case one. */
export function isLower(s: string): boolean {
  return s === s.toLowerCase() && s !== s.toUpperCase();
}

/** `str.isupper()`: at least one cased character and no lower-case one. */
export function isUpper(s: string): boolean {
  return s === s.toUpperCase() && s !== s.toLowerCase();
}

/** `str.capitalize()`: first character upper-cased, the rest lower-cased. */
export function capitalize(s: string): string {
  const [first = "", ...rest] = s;
  return first.toUpperCase() + rest.join("").toLowerCase();
}

/** Code points, as Python indexes a string (`w[0]`, `w[-3:]`). */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** `s.strip(chars)`. */
export function strip(s: string, chars: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && chars.includes(s[start] ?? "")) start++;
  while (end > start && chars.includes(s[end - 1] ?? "")) end--;
  return s.slice(start, end);
}

/** Escapes a string for use inside a `u`-flag RegExp, outside a character class. */
export function escapeRegExp(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** Escapes characters for use inside a `u`-flag character class. */
export function escapeClass(s: string): string {
  return s.replace(/[\\\]^[-]/g, "\\$&");
}
