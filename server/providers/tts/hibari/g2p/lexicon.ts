import * as N from "./numbers";
import { capitalize, codePoints, isAlpha, strip } from "./pystr";
import { applyStress, PRIMARY, SECONDARY } from "./stress";
import type { Tok } from "./token";

/**
 * misaki's English lexicon logic (misaki 0.9.4 via hibari/g2p/lexicon.py,
 * US rules): gold and silver dictionaries with part-of-speech entries, the
 * function-word rules (a/an/the/to/in/by/I/am/used), -s/-ed/-ing stems,
 * letter spelling for acronyms, and the lexicon's reading of digit runs.
 */
export type Entry = string | Readonly<Record<string, string | null>>;
export type Lexicon = Readonly<Record<string, Entry | null>>;
export type Reading = [phonemes: string | null, rating: number | null];

export interface Context {
  readonly futureVowel: boolean | null;
  readonly futureTo: boolean;
}

const US_TAUS = new Set("AIOWYiuæɑəɛɪɹʊʌ");
export const CURRENCIES: Readonly<Record<string, readonly [string, string]>> = { $: ["dollar", "cent"], "£": ["pound", "pence"], "€": ["euro", "cent"] };
const ORDINALS = ["st", "nd", "rd", "th"];
const ADD_SYMBOLS: Readonly<Record<string, string>> = { ".": "dot", "/": "slash" };
export const SYMBOLS: Readonly<Record<string, string>> = { "%": "percent", "&": "and", "+": "plus", "@": "at" };
const isDigitRun = (s: string) => /^[0-9]+$/.test(s);
const isLexiconWord = (w: string) => /^[A-Za-z'-]*$/.test(w);
const has = (o: object, k: string) => Object.hasOwn(o, k);

export function parentTag(tag: string | null): string | null {
  if (tag === null) return null;
  if (tag.startsWith("VB")) return "VERB";
  if (tag.startsWith("NN")) return "NOUN";
  if (tag.startsWith("ADV") || tag.startsWith("RB")) return "ADV";
  if (tag.startsWith("ADJ") || tag.startsWith("JJ")) return "ADJ";
  return tag;
}

/** misaki grow_dictionary at lookup time: "paris" also answers to "Paris" and back, unless that form has its own entry. */
class Dict {
  constructor(private readonly d: Lexicon) {}

  get(w: string): Entry | null {
    const v = has(this.d, w) ? (this.d[w] ?? null) : null;
    if (v !== null || codePoints(w).length < 2) return v;
    if (w === w.toLowerCase()) {
      const c = capitalize(w);
      return c !== w && has(this.d, c) ? (this.d[c] ?? null) : null;
    }
    if (w === capitalize(w.toLowerCase())) return has(this.d, w.toLowerCase()) ? (this.d[w.toLowerCase()] ?? null) : null;
    return null;
  }

  has(w: string): boolean {
    return this.get(w) !== null;
  }
}

export class LexiconReader {
  private readonly golds: Dict;
  private readonly silvers: Dict;

  constructor(gold: Lexicon, silver: Lexicon) {
    this.golds = new Dict(gold);
    this.silvers = new Dict(silver);
  }

  private gold(w: string): string | null {
    const v = this.golds.get(w);
    return typeof v === "string" ? v : null;
  }

  getNNP(word: string): Reading {
    const ps: string[] = [];
    for (const c of word) {
      if (!isAlpha(c)) continue;
      const p = this.golds.get(c.toUpperCase());
      if (typeof p !== "string") return [null, null];
      ps.push(p);
    }
    const s = applyStress(ps.join(""), 0) ?? "";
    const i = s.lastIndexOf(SECONDARY);
    return [i < 0 ? s : s.slice(0, i) + PRIMARY + s.slice(i + 1), 3];
  }

  private specialCase(word: string, tag: string, stress: number | null, ctx: Context): Reading {
    if (tag === "ADD" && has(ADD_SYMBOLS, word)) return this.lookup(ADD_SYMBOLS[word] ?? "", null, -0.5, ctx);
    if (has(SYMBOLS, word)) return this.lookup(SYMBOLS[word] ?? "", null, null, ctx);
    const parts = word.split(".");
    if (strip(word, ".").includes(".") && isAlpha(word.replaceAll(".", "")) && Math.max(...parts.map((p) => codePoints(p).length)) < 3) {
      return this.getNNP(word);
    }
    if (word === "a" || word === "A") return [tag === "DT" ? "ɐ" : "ˈA", 4];
    if (word === "am" || word === "Am" || word === "AM") {
      if (tag.startsWith("NN")) return this.getNNP(word);
      if (ctx.futureVowel === null || word !== "am" || (stress !== null && stress > 0)) return [this.gold("am"), 4];
      return ["ɐm", 4];
    }
    if (word === "an" || word === "An" || word === "AN") {
      if (word === "AN" && tag.startsWith("NN")) return this.getNNP(word);
      return ["ɐn", 4];
    }
    if (word === "I" && tag === "PRP") return [SECONDARY + "I", 4];
    if ((word === "by" || word === "By" || word === "BY") && parentTag(tag) === "ADV") return ["bˈI", 4];
    if (word === "to" || word === "To" || (word === "TO" && (tag === "TO" || tag === "IN"))) {
      return [ctx.futureVowel === null ? this.gold("to") : ctx.futureVowel ? "tʊ" : "tə", 4];
    }
    if (word === "in" || word === "In" || (word === "IN" && tag !== "NNP")) {
      return [(ctx.futureVowel === null || tag !== "IN" ? PRIMARY : "") + "ɪn", 4];
    }
    if (word === "the" || word === "The" || (word === "THE" && tag === "DT")) return [ctx.futureVowel === true ? "ði" : "ðə", 4];
    if (tag === "IN" && /^vs\.?$/i.test(word)) return this.lookup("versus", null, null, ctx);
    if (word === "used" || word === "Used" || word === "USED") {
      const used = this.golds.get("used");
      const forms = typeof used === "object" && used !== null ? used : {};
      return [((tag === "VBD" || tag === "JJ") && ctx.futureTo ? forms.VBD : forms.DEFAULT) ?? null, 4];
    }
    return [null, null];
  }

  private isKnown(word: string): boolean {
    if (this.golds.has(word) || has(SYMBOLS, word) || this.silvers.has(word)) return true;
    if (!isAlpha(word) || !isLexiconWord(word)) return false;
    if (codePoints(word).length === 1) return true;
    if (word === word.toUpperCase() && this.golds.has(word.toLowerCase())) return true;
    const rest = codePoints(word).slice(1).join("");
    return rest === rest.toUpperCase();
  }

  lookup(word: string, tag: string | null, stress: number | null, ctx: Context | null): Reading {
    let isNNP: boolean | null = null;
    if (word === word.toUpperCase() && !this.golds.has(word)) {
      word = word.toLowerCase();
      isNNP = tag === "NNP";
    }
    let entry: Entry | null = this.golds.get(word);
    let rating = 4;
    if (entry === null && !isNNP) {
      entry = this.silvers.get(word);
      rating = 3;
    }
    let ps: string | null;
    if (entry !== null && typeof entry === "object") {
      let t: string | null = tag;
      if (ctx && ctx.futureVowel === null && has(entry, "None")) t = "None";
      else if (t === null || !has(entry, t)) t = parentTag(t);
      ps = t !== null && has(entry, t) ? (entry[t] ?? null) : (entry.DEFAULT ?? null);
    } else ps = entry;
    if (ps === null || (isNNP && !ps.includes(PRIMARY))) {
      const nnp = this.getNNP(word);
      if (nnp[0] !== null) return nnp;
      return [null, null];
    }
    return [applyStress(ps, stress), rating];
  }

  /**
   * A lower-case word the lexicon lacks that is two of its everyday words run
   * together, as in a web or email address ("harborcafe", "fastmail",
   * "giftcards"): said as those two words, where the OOV net would guess one
   * ("harborkayf"). Both halves must be gold entries of three letters or
   * more; of several splits, the most even wins. Names (capitalised) and
   * anything else go to the OOV net as misaki sends them (our departure).
   */
  compound(word: string): string | null {
    if (word !== word.toLowerCase() || !/^[a-z]{6,}$/.test(word)) return null;
    let best: [string, string] | null = null;
    for (let i = 3; i <= word.length - 3; i++) {
      const [left, right] = [word.slice(0, i), word.slice(i)];
      if (best && Math.min(left.length, right.length) <= Math.min(best[0].length, best[1].length)) continue;
      if ([left, right].every((w) => this.everyday(w) !== null)) best = [left, right];
    }
    return best ? best.map((w) => this.everyday(w)).join(" ") : null;
  }

  /** A gold reading of a plain word, its -s/-ed/-ing forms included ("cards"). */
  private everyday(word: string): string | null {
    const [ps, rating] = this.getWord(word, "NN", null, { futureVowel: null, futureTo: false });
    return rating === 4 ? ps : null;
  }

  private s(stem: string | null): string | null {
    if (!stem) return null;
    const last = stem.at(-1) ?? "";
    if ("ptkfθ".includes(last)) return stem + "s";
    if ("szʃʒʧʤ".includes(last)) return stem + "ᵻz";
    return stem + "z";
  }

  stemS(word: string, tag: string | null, stress: number | null, ctx: Context | null): Reading {
    if (word.length < 3 || !word.endsWith("s")) return [null, null];
    let stem: string;
    if (!word.endsWith("ss") && this.isKnown(word.slice(0, -1))) stem = word.slice(0, -1);
    else if ((word.endsWith("'s") || (word.length > 4 && word.endsWith("es") && !word.endsWith("ies"))) && this.isKnown(word.slice(0, -2))) stem = word.slice(0, -2);
    else if (word.length > 4 && word.endsWith("ies") && this.isKnown(word.slice(0, -3) + "y")) stem = word.slice(0, -3) + "y";
    else return [null, null];
    const [ps, rating] = this.lookup(stem, tag, stress, ctx);
    return [this.s(ps), rating];
  }

  private ed(stem: string | null): string | null {
    if (!stem) return null;
    const last = stem.at(-1) ?? "";
    if ("pkfθʃsʧ".includes(last)) return stem + "t";
    if (last === "d") return stem + "ᵻd";
    if (last !== "t") return stem + "d";
    if (stem.length < 2) return stem + "ɪd";
    if (US_TAUS.has(stem.at(-2) ?? "")) return stem.slice(0, -1) + "ɾᵻd";
    return stem + "ᵻd";
  }

  private stemEd(word: string, tag: string | null, stress: number | null, ctx: Context | null): Reading {
    if (word.length < 4 || !word.endsWith("d")) return [null, null];
    let stem: string;
    if (!word.endsWith("dd") && this.isKnown(word.slice(0, -1))) stem = word.slice(0, -1);
    else if (word.length > 4 && word.endsWith("ed") && !word.endsWith("eed") && this.isKnown(word.slice(0, -2))) stem = word.slice(0, -2);
    else return [null, null];
    const [ps, rating] = this.lookup(stem, tag, stress, ctx);
    return [this.ed(ps), rating];
  }

  private ing(stem: string | null): string | null {
    if (!stem) return null;
    if (stem.length > 1 && stem.at(-1) === "t" && US_TAUS.has(stem.at(-2) ?? "")) return stem.slice(0, -1) + "ɾɪŋ";
    return stem + "ɪŋ";
  }

  private stemIng(word: string, tag: string | null, stress: number | null, ctx: Context | null): Reading {
    if (word.length < 5 || !word.endsWith("ing")) return [null, null];
    let stem: string;
    if (word.length > 5 && this.isKnown(word.slice(0, -3))) stem = word.slice(0, -3);
    else if (this.isKnown(word.slice(0, -3) + "e")) stem = word.slice(0, -3) + "e";
    else if (word.length > 5 && /([bcdgklmnprstvxz])\1ing$|cking$/.test(word) && this.isKnown(word.slice(0, -4))) stem = word.slice(0, -4);
    else return [null, null];
    const [ps, rating] = this.lookup(stem, tag, stress, ctx);
    return [this.ing(ps), rating];
  }

  getWord(word: string, tag: string, stress: number | null, ctx: Context): Reading {
    const special = this.specialCase(word, tag, stress, ctx);
    if (special[0] !== null) return special;
    const wl = word.toLowerCase();
    const rest = codePoints(word).slice(1).join("");
    if (
      codePoints(word).length > 1 &&
      isAlpha(word.replaceAll("'", "")) &&
      word !== wl &&
      (tag !== "NNP" || codePoints(word).length > 7) &&
      !this.golds.has(word) &&
      !this.silvers.has(word) &&
      (word === word.toUpperCase() || rest === rest.toLowerCase()) &&
      (this.golds.has(wl) || this.silvers.has(wl) || [this.stemS, this.stemEd, this.stemIng].some((fn) => fn.call(this, wl, tag, stress, ctx)[0]))
    ) {
      word = wl;
    }
    if (this.isKnown(word)) return this.lookup(word, tag, stress, ctx);
    if (word.endsWith("s'") && this.isKnown(word.slice(0, -2) + "'s")) return this.lookup(word.slice(0, -2) + "'s", tag, stress, ctx);
    if (word.endsWith("'") && this.isKnown(word.slice(0, -1))) return this.lookup(word.slice(0, -1), tag, stress, ctx);
    const s = this.stemS(word, tag, stress, ctx);
    if (s[0] !== null) return s;
    const ed = this.stemEd(word, tag, stress, ctx);
    if (ed[0] !== null) return ed;
    const ing = this.stemIng(word, tag, stress ?? 0.5, ctx);
    if (ing[0] !== null) return ing;
    return [null, null];
  }

  private static isCurrency(word: string): boolean {
    if (!word.includes(".")) return true;
    if (word.split(".").length > 2) return false;
    // misaki also compares the cents to {0}, a set of ints no string equals: only the length counts.
    return (word.split(".")[1] ?? "").length < 3;
  }

  /** misaki get_number: a digit run read as an ordinal, year, digit string, decimal, amount or cardinal. */
  getNumber(word: string, currency: string | null, isHead: boolean): Reading {
    const suffixMatch = /[a-z']+$/.exec(word);
    const suffix = suffixMatch ? suffixMatch[0] : null;
    if (suffix) word = word.slice(0, -suffix.length);
    const result: Reading[] = [];
    if (word.startsWith("-")) {
      result.push(this.lookup("minus", null, null, null));
      word = word.slice(1);
    }
    const extend = (num: string, escape = false) => {
      for (const w of (escape ? num : N.cardinal(BigInt(num))).split(/[^a-z]+/)) {
        if (w !== "and") result.push(this.lookup(w, null, w === "point" ? -2 : null, null));
      }
    };
    const currencyUnits = currency !== null && has(CURRENCIES, currency) ? CURRENCIES[currency] : undefined;
    if (isDigitRun(word) && suffix !== null && ORDINALS.includes(suffix)) {
      extend(N.ordinal(BigInt(word)), true);
    } else if (result.length === 0 && word.length === 4 && !currencyUnits && isDigitRun(word)) {
      extend(N.year(Number(word)), true);
    } else if (!isHead && !word.includes(".")) {
      const num = word.replaceAll(",", "");
      if (num[0] === "0" || num.length > 3) {
        for (const n of num) extend(n);
      } else if (num.length === 3 && !num.endsWith("00")) {
        extend(num[0] ?? "");
        if (num[1] === "0") {
          result.push(this.lookup("O", null, -2, null));
          extend(num[2] ?? "");
        } else extend(num.slice(1));
      } else extend(num);
    } else if (word.split(".").length > 2 || !isHead) {
      for (const num of word.replaceAll(",", "").split(".")) {
        if (!num) continue;
        if (num[0] === "0" || (num.length !== 2 && Array.from(num.slice(1)).some((n) => n !== "0"))) {
          for (const n of num) extend(n);
        } else extend(num);
      }
    } else if (currencyUnits && LexiconReader.isCurrency(word)) {
      let pairs = word
        .replaceAll(",", "")
        .split(".")
        .slice(0, 2)
        .map((num, i) => [num ? BigInt(num) : 0n, currencyUnits[i] ?? ""] as const);
      if (pairs.length > 1) {
        if (pairs[1]?.[0] === 0n) pairs = pairs.slice(0, 1);
        else if (pairs[0]?.[0] === 0n) pairs = pairs.slice(1);
      }
      pairs.forEach(([num, unit], i) => {
        if (i > 0) result.push(this.lookup("and", null, null, null));
        extend(String(num));
        result.push(num !== 1n && num !== -1n && unit !== "pence" ? this.stemS(unit + "s", null, null, null) : this.lookup(unit, null, null, null));
      });
    } else {
      let words: string;
      if (isDigitRun(word)) words = N.cardinal(BigInt(word));
      else if (!word.includes(".")) {
        const n = BigInt(word.replaceAll(",", ""));
        words = suffix !== null && ORDINALS.includes(suffix) ? N.ordinal(n) : N.cardinal(n);
      } else {
        const plain = word.replaceAll(",", "");
        words = plain.startsWith(".") ? "point " + Array.from(plain.slice(1), (n) => N.cardinal(Number(n))).join(" ") : N.decimal(plain);
      }
      extend(words, true);
    }
    if (result.length === 0) return [null, null];
    const ps = result.map(([p]) => p ?? "").join(" ");
    const rating = Math.min(...result.map(([, r]) => r ?? Infinity));
    if (suffix === "s" || suffix === "'s") return [this.s(ps), rating];
    if (suffix === "ed" || suffix === "'d") return [this.ed(ps), rating];
    if (suffix === "ing") return [this.ing(ps), rating];
    return [ps, rating];
  }

  private appendCurrency(ps: string, currency: string | null): string {
    if (!currency) return ps;
    const units = has(CURRENCIES, currency) ? CURRENCIES[currency] : undefined;
    const word = units ? this.stemS(units[0] + "s", null, null, null)[0] : null;
    return word ? `${ps} ${word}` : ps;
  }

  private static isNumber(word: string, isHead: boolean): boolean {
    if (!/[0-9]/.test(word)) return false;
    for (const s of ["ing", "'d", "ed", "'s", ...ORDINALS, "s"]) {
      if (word.endsWith(s)) {
        word = word.slice(0, -s.length);
        break;
      }
    }
    return Array.from(word).every((c, i) => /[0-9]/.test(c) || c === "," || c === "." || (isHead && i === 0 && c === "-"));
  }

  /** misaki Lexicon.__call__: one token's reading, or [null, null] for the OOV net. */
  read(tk: Tok, ctx: Context): Reading {
    const word = (tk.alias ?? tk.text).replaceAll("‘", "'").replaceAll("’", "'").normalize("NFKC");
    const stress = word === word.toLowerCase() ? null : word === word.toUpperCase() ? 2 : 0.5;
    const [ps, rating] = this.getWord(word, tk.tag, stress, ctx);
    if (ps !== null) return [applyStress(this.appendCurrency(ps, tk.currency), tk.stress), rating];
    if (LexiconReader.isNumber(word, tk.isHead)) {
      const [nps, nrating] = this.getNumber(word, tk.currency, tk.isHead);
      return [applyStress(nps, tk.stress), nrating];
    }
    return [null, null];
  }
}
