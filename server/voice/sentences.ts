/**
 * Splits text into sentences so TTS can speak the first one while the rest is
 * still being synthesised. Keeps abbreviations like "St." and decimals intact.
 */
const abbreviations = new Set(["mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "e.g", "i.e"]);

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== "." && ch !== "!" && ch !== "?") continue;
    const next = text[i + 1];
    if (next !== undefined && !/\s/.test(next)) continue;
    const word = text.slice(start, i).trim().split(/\s+/).pop()?.toLowerCase() ?? "";
    if (ch === "." && abbreviations.has(word)) continue;
    const sentence = text.slice(start, i + 1).trim();
    if (sentence) sentences.push(sentence);
    start = i + 1;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
