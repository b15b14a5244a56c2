/**
 * Word error between a reference and what a recogniser heard, as the speech
 * benchmarks and the spoken round-trip e2e count it: lowercase, no
 * punctuation, contractions expanded and "a.m." spelt "am" as Vosk spells it.
 * Homophones ("for" for "four") still count as errors.
 */
const contractions: [RegExp, string][] = [
  [/\b(i|you|we|they)'re\b/g, "$1 are"], [/\bi'm\b/g, "i am"], [/\b(it|that|what|where|there|he|she|who|here)'s\b/g, "$1 is"],
  [/\b(i|you|we|they)'ll\b/g, "$1 will"], [/\b(i|you|we|they)'d\b/g, "$1 would"], [/\b(i|you|we|they)'ve\b/g, "$1 have"],
  [/\bcan't\b/g, "can not"], [/\bwon't\b/g, "will not"], [/\b(do|does|did|is|are|was|were|have|has|could|would|should)n't\b/g, "$1 not"],
  [/\bgood bye\b/g, "goodbye"], [/\bcannot\b/g, "can not"], [/\b([ap])\.m\./g, "$1m"],
];

export function scoringWords(text: string): string[] {
  let t = text.toLowerCase().replace(/\[unk\]/g, " ").replace(/’/g, "'");
  for (const [pattern, replacement] of contractions) t = t.replace(pattern, replacement);
  return t.replace(/'/g, "").replace(/[^a-z0-9 ]+/g, " ").split(/\s+/).filter(Boolean);
}

/** Word-level edit distance (substitutions + deletions + insertions). */
export function editDistance(ref: readonly string[], hyp: readonly string[]): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const row = [i];
    for (let j = 1; j <= hyp.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[hyp.length] ?? 0;
}

/** Errors over reference words (0 when both are empty). */
export function wordErrorRate(reference: string, heard: string): number {
  const ref = scoringWords(reference);
  const errors = editDistance(ref, scoringWords(heard));
  return ref.length === 0 ? (errors === 0 ? 0 : 1) : errors / ref.length;
}
