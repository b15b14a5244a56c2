import { readJsonAsset } from "../tts/hibari/assets";
import { type Context, type Lexicon, LexiconReader } from "../tts/hibari/g2p/lexicon";
import { lmWords } from "./domain-lm";

/**
 * Words the business uses that the recogniser's general language model
 * rarely picks: "wifi" comes out as "why fight", "latte" as "a lot", "vegan"
 * as "begun", and none of the n-best hypotheses holds the right word, so
 * re-ranking alone cannot bring it back. For each hypothesis, every span of
 * one to three words that SOUNDS like one of the business's own words
 * (phoneme edit distance, from the same pronunciation lexicon the voice
 * uses) yields a repaired variant. The variant joins the n-best list with a
 * penalty per phoneme edit; the domain model then decides, so "thanks a lot"
 * stays as it is while "can I get a lot please" becomes a latte.
 */
export interface RepairedHypothesis {
  readonly text: string;
  /** Phoneme edits between what was heard and the business word put in its place. */
  readonly cost: number;
}

export interface PhoneticRepair {
  variants(text: string): RepairedHypothesis[];
}

/** Lowercase word → phonemes without stress marks, or undefined when not in the lexicon. */
export type Pronounce = (word: string) => string | undefined;

/** A span may be repaired when its distance to the word is at most this share of the longer of the two. */
const MAX_RELATIVE_DISTANCE = 0.34;
/** Longest run of heard words one business word may replace. */
const MAX_SPAN_WORDS = 3;
/** Business words shorter than this many phonemes are left to the language model (too many near neighbours). */
const MIN_KEYWORD_PHONEMES = 4;
/** Everyday words that sound like many others; a repair never produces them. */
const FUNCTION_WORDS = new Set(
  "a an the and or but if of to in on at by for from with about as into over after before is are was were be been am do does did have has had can could will would should may might must shall i you he she it we they me him her us them my your his its our their this that these those what which who whom whose when where why how not no yes there here please thanks thank hello hi okay".split(
    " ",
  ),
);

const VOWELS = new Set("aeiouAEIOUæɑɐɒɔəɚɛɜɪʊʌᵊᵻWYɨ");
/** Consonants a recogniser confuses in pairs (voicing, place): half an edit. */
const NEAR_CONSONANTS = ["pb", "td", "tɾ", "dɾ", "tʔ", "kɡ", "fv", "vb", "sz", "θð", "ðv", "ʃʒ", "ʧʤ", "ʃʧ", "mn", "nŋ", "lɹ"];
const near = new Set(NEAR_CONSONANTS.flatMap(([a, b]) => [`${a}${b}`, `${b}${a}`]));

/** Sounds that may open a repaired word in place of each other: the near pairs joined, all vowels one group. */
const openingGroup = (() => {
  const group = new Map<string, string>();
  const find = (p: string): string => {
    const g = group.get(p) ?? p;
    return g === p ? p : find(g);
  };
  for (const [a, b] of NEAR_CONSONANTS) group.set(find(a!), find(b!));
  return (p: string) => (VOWELS.has(p) ? "V" : find(p));
})();

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  if (VOWELS.has(a) && VOWELS.has(b)) return 0.5;
  return near.has(`${a}${b}`) ? 0.5 : 1;
}

/** Insertions and deletions of a reduced vowel are cheap: "a lot" vs "lot" is mostly the article. */
function indelCost(p: string): number {
  return p === "ə" || p === "ᵊ" || p === "ɪ" ? 0.5 : 1;
}

export function phonemeDistance(a: readonly string[], b: readonly string[]): number {
  let prev = new Float64Array(b.length + 1);
  let row = new Float64Array(b.length + 1);
  for (let j = 1; j <= b.length; j++) prev[j] = prev[j - 1]! + indelCost(b[j - 1]!);
  for (let i = 1; i <= a.length; i++) {
    const ai = a[i - 1]!;
    row[0] = prev[0]! + indelCost(ai);
    for (let j = 1; j <= b.length; j++) {
      const bj = b[j - 1]!;
      row[j] = Math.min(prev[j]! + indelCost(ai), row[j - 1]! + indelCost(bj), prev[j - 1]! + substitutionCost(ai, bj));
    }
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

function phonemes(pronunciation: string): string[] {
  return [...pronunciation.replace(/[ˈˌ\s-]/g, "")];
}

export function buildPhoneticRepair(pronounce: Pronounce, domainPhrases: readonly string[]): PhoneticRepair {
  /** Business words by the group of their first sound: a span is compared only with words that open like it. */
  const byOpening = new Map<string, { word: string; ps: string[] }[]>();
  for (const word of new Set(domainPhrases.flatMap((p) => lmWords(p)))) {
    if (FUNCTION_WORDS.has(word) || /\d/.test(word)) continue;
    const said = pronounce(word);
    if (!said) continue;
    const ps = phonemes(said);
    if (ps.length < MIN_KEYWORD_PHONEMES) continue;
    const key = openingGroup(ps[0]!);
    byOpening.set(key, [...(byOpening.get(key) ?? []), { word, ps }]);
  }
  const candidatesFor = (span: string[]) => {
    const first = byOpening.get(openingGroup(span[0]!)) ?? [];
    // "a lot" for "latte": a reduced vowel in front may be the article the recogniser added.
    const reduced = span.length > 1 && (span[0] === "ə" || span[0] === "ɪ") ? (byOpening.get(openingGroup(span[1]!)) ?? []) : [];
    return reduced.length ? [...first, ...reduced] : first;
  };
  const heardCache = new Map<string, string[] | null>();
  const heard = (word: string): string[] | null => {
    let ps = heardCache.get(word);
    if (ps === undefined) {
      const said = pronounce(word);
      ps = said ? phonemes(said) : null;
      if (heardCache.size > 5000) heardCache.clear();
      heardCache.set(word, ps);
    }
    return ps;
  };
  return {
    variants(text) {
      const words = text.split(/\s+/).filter(Boolean);
      const out: RepairedHypothesis[] = [];
      for (let start = 0; start < words.length; start++) {
        let span: string[] = [];
        for (let end = start; end < Math.min(words.length, start + MAX_SPAN_WORDS); end++) {
          const ps = heard(words[end]!.toLowerCase());
          if (!ps) break;
          span = [...span, ...ps];
          const spanText = words.slice(start, end + 1).join(" ");
          for (const { word: keyword, ps: kp } of candidatesFor(span)) {
            // Same root ("book" / "booking"): grammar, which the re-ranking weighs among what was heard.
            if (keyword.startsWith(spanText) || spanText.startsWith(keyword) || Math.abs(kp.length - span.length) > 2) continue;
            const cost = phonemeDistance(span, kp);
            if (cost > MAX_RELATIVE_DISTANCE * Math.max(kp.length, span.length)) continue;
            // A word that sounds the same ("weather" / "whether"): the recogniser's own language model heard the
            // context, so it keeps its choice. Several words for one ("why fi" / "wifi") are a split, not a homophone.
            if (cost === 0 && end === start) continue;
            out.push({ text: [...words.slice(0, start), keyword, ...words.slice(end + 1)].join(" "), cost });
          }
        }
      }
      return out;
    },
  };
}

const NOUN_CONTEXT: Context = { futureVowel: null, futureTo: false };

/**
 * Pronunciations from the voice's lexicons (misaki gold and silver, with its
 * plural/past/-ing rules), loaded once per process. Words it does not know
 * (also after trying "Wi-Fi"-style spellings) are not repaired.
 */
const pronouncers = new Map<string, Pronounce>();

export function loadLexiconPronouncer(assetsDir: string): Pronounce {
  let pronounce = pronouncers.get(assetsDir);
  if (!pronounce) {
    pronounce = readLexicons(assetsDir);
    pronouncers.set(assetsDir, pronounce);
  }
  return pronounce;
}

function readLexicons(assetsDir: string): Pronounce {
  const reader = new LexiconReader(readJsonAsset<Lexicon>(assetsDir, "lexicon_us_gold.json.gz"), readJsonAsset<Lexicon>(assetsDir, "lexicon_us_silver.json.gz"));
  const read = (w: string) => reader.getWord(w, "NN", null, NOUN_CONTEXT)[0] ?? undefined;
  return (word) => {
    const direct = read(word);
    if (direct) return direct;
    // "wifi" is listed as "Wi-Fi": try each split, capitalised as such entries are.
    for (let i = 2; i <= word.length - 2; i++) {
      const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
      const hyphenated = read(`${cap(word.slice(0, i))}-${cap(word.slice(i))}`) ?? read(`${word.slice(0, i)}-${word.slice(i)}`);
      if (hyphenated) return hyphenated;
    }
    return undefined;
  };
}
