import type { IntentDefinition } from "./business-profile";
import { spokenDigitsToNumerals } from "./slots";

/**
 * The local fast path's intent classifier, trained at start-up from the
 * business profile's example phrases: TF-IDF over content words and their
 * bigrams; an intent's score is the cosine similarity to its nearest example
 * (a centroid dilutes exact matches). A query costs a tokenisation and a few
 * dozen sparse dot products, far above 10,000 utterances/s on one core.
 */
export interface IntentMatch {
  readonly intent: string;
  /** Cosine similarity to the best intent, 0..1. */
  readonly score: number;
  /** Best score minus the runner-up's: small margins mean ambiguity. */
  readonly margin: number;
}

const stopWords = new Set(["a", "an", "the", "is", "are", "am", "do", "does", "i", "you", "your", "my", "me", "to", "of", "please", "can", "could", "would", "it", "on", "for", "in", "and", "what", "uh", "um"]);

export function tokenize(text: string): string[] {
  const words = spokenDigitsToNumerals(text.toLowerCase())
    .replace(/[^a-z0-9' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (/^\d+$/.test(w) ? "<num>" : w.replace(/'s$/, "")));
  const content = words.filter((w) => !stopWords.has(w));
  const features = content.slice();
  // Bigrams of content words: "opening_hours" carries meaning, "do_you" does not.
  for (let i = 0; i + 1 < content.length; i++) features.push(`${content[i]}_${content[i + 1]}`);
  return features;
}

export class IntentClassifier {
  private readonly idf = new Map<string, number>();
  /** Weight of a word no example has: unknown words must dilute the match, not vanish. */
  private unseenIdf = 1;
  private readonly examples: { intent: string; weights: Map<string, number> }[] = [];

  constructor(intents: readonly Pick<IntentDefinition, "name" | "examples">[]) {
    const docs = intents.flatMap((intent) => intent.examples.map((e) => ({ intent: intent.name, tokens: tokenize(e) })));
    const df = new Map<string, number>();
    for (const doc of docs) for (const t of new Set(doc.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log((1 + docs.length) / (1 + n)) + 1);
    this.unseenIdf = Math.log(1 + docs.length) + 1;
    for (const doc of docs) this.examples.push({ intent: doc.intent, weights: this.vector(doc.tokens) });
  }

  classify(text: string): IntentMatch {
    const query = this.vector(tokenize(text), true);
    const perIntent = new Map<string, number>();
    for (const example of this.examples) {
      let score = 0;
      for (const [t, w] of query) score += w * (example.weights.get(t) ?? 0);
      if (score > (perIntent.get(example.intent) ?? 0)) perIntent.set(example.intent, score);
    }
    let best = { intent: "none", score: 0 };
    let second = 0;
    for (const [intent, score] of perIntent) {
      if (score > best.score) {
        second = best.score;
        best = { intent, score };
      } else if (score > second) {
        second = score;
      }
    }
    return { intent: best.intent, score: best.score, margin: best.score - second };
  }

  private vector(tokens: readonly string[], withUnseen = false): Map<string, number> {
    const v = new Map<string, number>();
    for (const t of tokens) {
      // Unseen bigrams are implied by their words; only unseen words count.
      const idf = this.idf.get(t) ?? (withUnseen && !t.includes("_") ? this.unseenIdf : undefined);
      if (idf !== undefined) v.set(t, (v.get(t) ?? 0) + idf);
    }
    normalise(v);
    return v;
  }
}

function normalise(v: Map<string, number>): void {
  let sum = 0;
  for (const w of v.values()) sum += w * w;
  const norm = Math.sqrt(sum);
  if (norm === 0) return;
  for (const [t, w] of v) v.set(t, w / norm);
}
