/**
 * The business's own phrases (intent examples, knowledge-base sentences,
 * everyday replies) as a small trigram model, used to re-rank the n-best list
 * Vosk returns for each utterance. Vosk's own language model stays in charge
 * of what can be heard at all (open vocabulary: an out-of-domain question
 * still comes through); among the hypotheses it found close, the one that
 * sounds like this business wins ("opening hours", not "opening others").
 * Interpolated absolute discounting; unseen words get a floor, not zero.
 */
export interface DomainLanguageModel {
  /** Natural-log probability of the word sequence as a sentence. */
  logProb(words: readonly string[]): number;
}

const DISCOUNT = 0.7;
/** Pretend this many words exist unseen, so an out-of-domain word costs about ln(1/5000). */
const UNSEEN_WORDS = 5000;

/** Lowercase words without punctuation or apostrophes (so "what's" matches however it is written). */
export function lmWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\[unk\]/g, " ")
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9 ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);
}

interface Context {
  total: number;
  next: Map<string, number>;
}

export function buildDomainLm(sentences: readonly string[]): DomainLanguageModel {
  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, Context>();
  const trigrams = new Map<string, Context>();
  const count = (table: Map<string, Context>, history: string, word: string) => {
    const context = table.get(history) ?? { total: 0, next: new Map() };
    context.total += 1;
    context.next.set(word, (context.next.get(word) ?? 0) + 1);
    table.set(history, context);
  };
  let total = 0;
  for (const sentence of sentences) {
    const words = lmWords(sentence);
    if (words.length === 0) continue;
    const tokens = ["<s>", "<s>", ...words, "</s>"];
    for (let i = 2; i < tokens.length; i++) {
      const [a, b, w] = [tokens[i - 2]!, tokens[i - 1]!, tokens[i]!];
      unigrams.set(w, (unigrams.get(w) ?? 0) + 1);
      total += 1;
      count(bigrams, b, w);
      count(trigrams, `${a} ${b}`, w);
    }
  }
  const unigram = (w: string) => ((unigrams.get(w) ?? 0) + 0.5) / (total + 0.5 * (unigrams.size + UNSEEN_WORDS));
  const interpolate = (context: Context | undefined, w: string, lower: number) => {
    if (!context) return lower;
    const seen = Math.max((context.next.get(w) ?? 0) - DISCOUNT, 0) / context.total;
    return seen + ((DISCOUNT * context.next.size) / context.total) * lower;
  };
  return {
    logProb(words) {
      const tokens = ["<s>", "<s>", ...words, "</s>"];
      let sum = 0;
      for (let i = 2; i < tokens.length; i++) {
        const [a, b, w] = [tokens[i - 2]!, tokens[i - 1]!, tokens[i]!];
        const p = interpolate(trigrams.get(`${a} ${b}`), w, interpolate(bigrams.get(b), w, unigram(w)));
        sum += Math.log(p);
      }
      return sum;
    },
  };
}
