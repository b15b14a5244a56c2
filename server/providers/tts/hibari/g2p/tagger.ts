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

/**
 * The weights packed into typed arrays (feature → its run of (tag, weight)
 * pairs): the JSON's 79,534 small objects cost ~30 MB of heap, this ~8 MB.
 * Pairs keep their JSON order, so each tag's score sums in Python's order.
 */
export class Tagger {
  private readonly vocab: ReadonlySet<string> | undefined;
  private readonly tags: readonly string[];
  private readonly tagdict: ReadonlyMap<string, string>;
  private readonly features = new Map<string, number>();
  private readonly offsets: Uint32Array;
  private readonly pairTags: Uint8Array;
  private readonly pairWeights: Float64Array;
  private readonly scores: Float64Array;

  constructor(model: TaggerModel) {
    this.vocab = model.vocab ? new Set(model.vocab) : undefined;
    this.tags = model.tags;
    this.tagdict = new Map(Object.entries(model.tagdict));
    const tagIndex = new Map(model.tags.map((t, i) => [t, i]));
    const entries = Object.entries(model.weights);
    let pairs = 0;
    for (const [, ws] of entries) pairs += Object.keys(ws).length;
    this.offsets = new Uint32Array(entries.length + 1);
    this.pairTags = new Uint8Array(pairs);
    this.pairWeights = new Float64Array(pairs);
    let at = 0;
    entries.forEach(([feature, ws], i) => {
      this.features.set(feature, i);
      this.offsets[i] = at;
      for (const tag in ws) {
        const index = tagIndex.get(tag);
        if (index === undefined) continue;
        this.pairTags[at] = index;
        this.pairWeights[at] = ws[tag] ?? 0;
        at++;
      }
    });
    this.offsets[entries.length] = at;
    this.scores = new Float64Array(model.tags.length);
  }

  tag(words: readonly string[]): string[] {
    const ctx = [...START, ...words.map((w) => {
      const n = norm(w);
      return !this.vocab || this.vocab.has(n) ? n : `<${shape(w)}>`;
    }), ...END];
    let prev = START[1] ?? "";
    let prev2 = START[0] ?? "";
    return words.map((w, i) => {
      let tag = this.tagdict.get(w);
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
    const scores = this.scores;
    scores.fill(0);
    let any = false;
    for (const f of features) {
      const index = this.features.get(f);
      if (index === undefined) continue;
      const end = this.offsets[index + 1] ?? 0;
      for (let p = this.offsets[index] ?? 0; p < end; p++) {
        const t = this.pairTags[p] ?? 0;
        scores[t] = (scores[t] ?? 0) + (this.pairWeights[p] ?? 0);
        any = true;
      }
    }
    if (!any) return "NN";
    // Python's max(tags, key=(score, tag)): the highest score, ties to the larger tag name.
    let best = "";
    let bestScore = -Infinity;
    this.tags.forEach((t, i) => {
      const s = scores[i] ?? 0;
      if (s > bestScore || (s === bestScore && t > best)) {
        best = t;
        bestScore = s;
      }
    });
    return best;
  }
}
