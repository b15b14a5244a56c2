import { codePoints, isAlpha, isDigits, isLower, isUpper } from "./pystr";

/**
 * Averaged-perceptron part-of-speech tagger (Penn Treebank tags), trained on
 * spaCy en_core_web_sm's tags (hibari/g2p/tagger.py), so the lexicon's
 * part-of-speech entries ("read", "live", "record") get the reference's answers.
 */
export interface TaggerModel {
  readonly tags: readonly string[];
  readonly tagdict: Readonly<Record<string, string>>;
  readonly vocab?: readonly string[];
  readonly weights: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const START = ["-START2-", "-START-"];
const END = ["-END-", "-END2-"];

function norm(w: string): string {
  if (w.includes("-") && !w.startsWith("-")) return "!HYPHEN";
  if (isDigits(w) && codePoints(w).length === 4) return "!YEAR";
  if (isDigits(codePoints(w)[0] ?? "")) return "!DIGITS";
  return w.toLowerCase();
}

function shape(w: string): string {
  if (isAlpha(w)) {
    if (isLower(w)) return "x";
    if (isUpper(w)) return codePoints(w).length > 1 ? "XX" : "X1";
    const [first = "", ...rest] = codePoints(w);
    if (isUpper(first) && isLower(rest.join(""))) return "Xx";
    return "xX";
  }
  if (isDigits(w)) return "d";
  return codePoints(w)
    .slice(0, 4)
    .map((c) => (isDigits(c) ? "d" : isAlpha(c) ? "x" : c))
    .join("");
}

const last3 = (s: string) => codePoints(s).slice(-3).join("");

export class Tagger {
  private readonly vocab: ReadonlySet<string> | undefined;

  constructor(private readonly model: TaggerModel) {
    this.vocab = model.vocab ? new Set(model.vocab) : undefined;
  }

  tag(words: readonly string[]): string[] {
    const ctx = [...START, ...words.map((w) => {
      const n = norm(w);
      return !this.vocab || this.vocab.has(n) ? n : `<${shape(w)}>`;
    }), ...END];
    let prev = START[1] ?? "";
    let prev2 = START[0] ?? "";
    return words.map((w, i) => {
      let tag = Object.hasOwn(this.model.tagdict, w) ? this.model.tagdict[w] : undefined;
      if (tag === undefined) {
        const j = i + 2;
        const at = (k: number) => ctx[k] ?? "";
        tag = this.predict([
          "b", "s3=" + last3(w), "p1=" + (codePoints(w)[0] ?? ""), "w=" + at(j), "sh=" + shape(w), i === 0 ? "i0" : "i+",
          "t-1=" + prev, "t-2=" + prev2, "t-12=" + prev + "," + prev2,
          "w-1=" + at(j - 1), "s3-1=" + last3(at(j - 1)), "w-2=" + at(j - 2),
          "w+1=" + at(j + 1), "s3+1=" + last3(at(j + 1)), "w+2=" + at(j + 2),
        ]);
      }
      prev2 = prev;
      prev = tag;
      return tag;
    });
  }

  private predict(features: readonly string[]): string {
    const scores = new Map<string, number>();
    for (const f of features) {
      const ws = Object.hasOwn(this.model.weights, f) ? this.model.weights[f] : undefined;
      if (!ws) continue;
      for (const t in ws) scores.set(t, (scores.get(t) ?? 0) + (ws[t] ?? 0));
    }
    if (scores.size === 0) return "NN";
    // Python's max(tags, key=(score, tag)): the highest score, ties to the larger tag name.
    let best = "";
    let bestScore = -Infinity;
    for (const t of this.model.tags) {
      const s = scores.get(t) ?? 0;
      if (s > bestScore || (s === bestScore && t > best)) {
        best = t;
        bestScore = s;
      }
    }
    return best;
  }
}
