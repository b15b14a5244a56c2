import { CURRENCIES, type Context, type Lexicon, LexiconReader, type Reading } from "./lexicon";
import type { OovReader } from "./oov";
import { isAlpha, isDigits } from "./pystr";
import { applyStress, CONSONANTS, PRIMARY, stressWeight, VOWELS } from "./stress";
import type { Tagger } from "./tagger";
import { mergeTokens, tok, type Tok } from "./token";
import type { Tokenizer } from "./tokenizer";

/**
 * Text → misaki-style phonemes, the alphabet hibari was trained on (a port
 * of hibari/g2p/__init__.py, i.e. misaki 0.9.4's en.G2P without spaCy):
 * tokenize (spaCy rules) → tag (perceptron) → sub-tokens → lexicon with
 * part-of-speech and context rules → OOV net for unknown words → stress
 * resolution of compounds. Numbers, dates and abbreviations are the
 * product's normaliser's job (server/voice/speech-normalize.ts), which runs
 * first; the lexicon still reads any digits left.
 */
const SUBTOKEN = new RegExp(
  [
    String.raw`^['‘’]+`,
    String.raw`[A-ZÀ-ÖØ-Þ](?=[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ])`,
    String.raw`(?:^-)?(?:\p{Nd}?[,.]?\p{Nd})+`,
    String.raw`[-_]+`,
    String.raw`['‘’]{2,}`,
    String.raw`\p{L}*?(?:['‘’]\p{L})*?[a-zß-öø-ÿ](?=[A-ZÀ-ÖØ-Þ])`,
    String.raw`\p{L}+(?:['‘’]\p{L})*`,
    String.raw`[^\p{L}\p{N}_\-'‘’]`,
    String.raw`['‘’]+$`,
  ].join("|"),
  "gu",
);
const LINK = /\[([^\]]+)\]\(([^)]*)\)/g;
const SUBTOKEN_JUNKS = new Set("',-._‘’/");
const PUNCTS = new Set(';:,.!?—…"“”');
const NON_QUOTE_PUNCTS = new Set(';:,.!?—…');
const PUNCT_TAGS = new Set([".", ",", "-LRB-", "-RRB-", "``", '""', "''", ":", "$", "#", "NFP"]);
const PUNCT_TAG_PHONEMES: Readonly<Record<string, string>> = { "-LRB-": "(", "-RRB-": ")", "``": "“", '""': "”", "''": "”" };
const FALLBACK_PIECE = /\p{L}+(?:['’]\p{L}+)*|\p{Nd}+(?:[,.]\p{Nd}+)*|[^\p{L}\p{N}_\s]+/gu;
const SYMBOL_PHONEMES: Readonly<Record<string, string>> = {
  "/": "slˈæʃ", "=": "ˈikwᵊlz", "+": "plˈʌs", "&": "ænd", "@": "æt", "%": "pəɹsˈɛnt", "#": "hˈæʃ",
  "*": "ˈæstəɹˌɪsk", "~": "tˈɪldə", "^": "kˈɛɹət", "<": "lˈɛs ðən", ">": "ɡɹˈATəɹ ðən", "|": "", "—": "—",
};

type Word = Tok | Tok[];

const SPELLED_DIGITS = new Set(["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);
/** A character of a code being spelled out: a lone capital letter or a digit's word, standing free (not "T" of "T-shirt"). */
const isSpelledCharacter = (t: Tok | undefined) => !!t && ((/^[A-Z]$/.test(t.text) && t.whitespace !== "") || SPELLED_DIGITS.has(t.text.toLowerCase()));

/**
 * A capital "A" among spelled characters is the letter, not the article:
 * "seven A J zero" (a booking reference read out) would otherwise say "seven
 * uh J zero", which no listener can take down. misaki reads it by tag, and
 * the tagger calls it a determiner. A comma between characters is allowed.
 */
export function markSpelledLetters(tokens: Tok[]): Tok[] {
  const neighbour = (i: number, step: number) => {
    const next = tokens[i + step];
    return next?.text === "," ? tokens[i + 2 * step] : next;
  };
  tokens.forEach((t, i) => {
    if (t.text === "A" && t.phonemes === null && (isSpelledCharacter(neighbour(i, -1)) || isSpelledCharacter(neighbour(i, 1)))) {
      t.phonemes = "ˈA";
      t.rating = 4;
    }
  });
  return tokens;
}

/**
 * A letter that ends the sentence keeps the sentence's full stop: spaCy's
 * tokenizer takes "H." as an initial, so "…zero, H." lost its stop and the
 * voice ran the last letter out flat, with no end; a listener heard "eight".
 * Only at the very end: "Mr. H. Smith" keeps its initial.
 */
export function splitFinalLetter(tokens: Tok[]): Tok[] {
  const last = tokens.at(-1);
  if (!last || !/^\p{L}\.$/u.test(last.text) || last.phonemes !== null) return tokens;
  return [...tokens.slice(0, -1), { ...last, text: last.text.slice(0, 1), whitespace: "" }, tok(".", ".", last.whitespace)];
}

const isJunk = (text: string) => Array.from(text).every((c) => SUBTOKEN_JUNKS.has(c));
const isAsciiLetters = (text: string) => Array.from(text).every((c) => /^[a-z]$/.test(c.toLowerCase()));

export class G2P {
  private readonly lexicon: LexiconReader;

  constructor(
    gold: Lexicon,
    silver: Lexicon,
    private readonly tokenizer: Tokenizer,
    private readonly tagger: Tagger,
    private readonly oov: OovReader,
    /** Our departures from misaki (a sentence-final letter's stop, spelled "A", run-together words); off only to compare with the Python reference. */
    private readonly departures = true,
    private readonly unk = "",
  ) {
    this.lexicon = new LexiconReader(gold, silver);
  }

  /** Phonemes for one sentence of already-normalised text; a space wherever the text had one. */
  async phonemize(text: string): Promise<string> {
    const tokenized = this.tokenize(text);
    const tokens = await this.phonemizeTokens(this.departures ? markSpelledLetters(splitFinalLetter(tokenized)) : tokenized);
    return tokens
      .map((t) => (t.phonemes ?? this.unk) + (t.whitespace ? " " : ""))
      .join("")
      .trim();
  }

  /** Tokens with tags; `[text](/phonemes/)` sets a token's phonemes directly. */
  tokenize(text: string): Tok[] {
    const toks: Tok[] = [];
    let pos = 0;
    for (const m of text.matchAll(LINK)) {
      const at = m.index ?? 0;
      toks.push(...this.tokens(text.slice(pos, at)));
      const target = m[2] ?? "";
      const ps = target.length > 1 && target.startsWith("/") && target.endsWith("/") ? target.slice(1).replace(/\/+$/, "") : null;
      const end = at + m[0].length;
      toks.push(tok(m[1] ?? "", "NN", end < text.length && /\s/u.test(text[end] ?? "") ? " " : "", { phonemes: ps, rating: 5 }));
      pos = end;
    }
    toks.push(...this.tokens(text.slice(pos)));
    return toks;
  }

  private tokens(text: string): Tok[] {
    const pairs = this.tokenizer.tokenize(text);
    if (pairs.length === 0) return [];
    const tags = this.tagger.tag(pairs.map(([t]) => t));
    return pairs.map(([t, ws], i) => tok(t, tags[i] ?? "", ws));
  }

  /** Sub-tokens ("$", "4", "50"; "gluten", "-", "free") grouped into the words they spell (misaki retokenize). */
  private static retokenize(tokens: readonly Tok[]): Word[] {
    const words: Word[] = [];
    let currency: string | null = null;
    tokens.forEach((token, i) => {
      const tks: Tok[] =
        token.alias === null && token.phonemes === null
          ? Array.from(token.text.matchAll(SUBTOKEN), (m) => ({ ...token, text: m[0], whitespace: "", isHead: true, prespace: false }))
          : [token];
      const lastTk = tks.at(-1);
      if (lastTk) lastTk.whitespace = token.whitespace;
      tks.forEach((tk, j) => {
        if (tk.alias !== null || tk.phonemes !== null) {
          // set by a link
        } else if (tk.tag === "$" && Object.hasOwn(CURRENCIES, tk.text)) {
          currency = tk.text;
          tk.phonemes = "";
          tk.rating = 4;
        } else if (tk.tag === ":" && (tk.text === "-" || tk.text === "–")) {
          tk.phonemes = "—";
          tk.rating = 3;
        } else if (PUNCT_TAGS.has(tk.tag) && !isAsciiLetters(tk.text)) {
          tk.phonemes = PUNCT_TAG_PHONEMES[tk.tag] ?? Array.from(tk.text).filter((c) => PUNCTS.has(c)).join("");
          tk.rating = 4;
        } else if (currency !== null) {
          if (tk.tag !== "CD") currency = null;
          else if (j + 1 === tks.length && (i + 1 === tokens.length || tokens[i + 1]?.tag !== "CD")) tk.currency = currency;
        } else if (0 < j && j < tks.length - 1 && tk.text === "2" && isAlpha((tks[j - 1]?.text.at(-1) ?? "") + (tks[j + 1]?.text[0] ?? ""))) {
          tk.alias = "to";
        }
        const last = words.at(-1);
        if (tk.alias !== null || tk.phonemes !== null) words.push(tk);
        else if (Array.isArray(last) && !last.at(-1)?.whitespace) {
          tk.isHead = false;
          last.push(tk);
        } else words.push(tk.whitespace ? tk : [tk]);
      });
    });
    return words.map((w) => (Array.isArray(w) && w.length === 1 ? (w[0] as Tok) : w));
  }

  private static context(ctx: Context, ps: string | null, token: Tok): Context {
    let vowel = ctx.futureVowel;
    if (ps) {
      for (const c of ps) {
        if (VOWELS.has(c) || CONSONANTS.has(c) || NON_QUOTE_PUNCTS.has(c)) {
          vowel = NON_QUOTE_PUNCTS.has(c) ? null : VOWELS.has(c);
          break;
        }
      }
    }
    const futureTo = token.text === "to" || token.text === "To" || (token.text === "TO" && (token.tag === "TO" || token.tag === "IN"));
    return { futureVowel: vowel, futureTo };
  }

  /** Stress of a word read in pieces ("gluten-free"): the lighter half of the primary stresses is demoted. */
  private static resolveTokens(tokens: Tok[]): void {
    const text = tokens.slice(0, -1).map((t) => t.text + t.whitespace).join("") + (tokens.at(-1)?.text ?? "");
    const classes = new Set(Array.from(text).filter((c) => !SUBTOKEN_JUNKS.has(c)).map((c) => (isAlpha(c) ? 0 : /^[0-9]$/.test(c) ? 1 : 2)));
    const prespace = text.includes(" ") || text.includes("/") || classes.size > 1;
    tokens.forEach((tk, i) => {
      if (tk.phonemes === null) {
        if (i === tokens.length - 1 && NON_QUOTE_PUNCTS.has(tk.text)) {
          tk.phonemes = tk.text;
          tk.rating = 3;
        } else if (isJunk(tk.text)) {
          tk.phonemes = "";
          tk.rating = 3;
        }
      } else if (i > 0) tk.prespace = prespace;
    });
    if (prespace) return;
    const indices = tokens.flatMap((tk, i) => (tk.phonemes ? [[tk.phonemes.includes(PRIMARY) ? 1 : 0, stressWeight(tk.phonemes), i] as const] : []));
    const firstIndex = indices[0]?.[2];
    if (indices.length === 2 && firstIndex !== undefined && Array.from(tokens[firstIndex]?.text ?? "").length === 1) {
      const second = tokens[indices[1]?.[2] ?? -1];
      if (second) second.phonemes = applyStress(second.phonemes, -0.5);
      return;
    }
    if (indices.length < 2 || indices.reduce((s, [b]) => s + b, 0) <= Math.floor((indices.length + 1) / 2)) return;
    const sorted = [...indices].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    for (const [, , i] of sorted.slice(0, Math.floor(indices.length / 2))) {
      const t = tokens[i];
      if (t) t.phonemes = applyStress(t.phonemes, -0.5);
    }
  }

  /** Unknown word: letters to the OOV net, digit runs to the number reader, symbols to a small table. */
  private async fallback(tk: Tok): Promise<Reading> {
    const out: string[] = [];
    for (const m of tk.text.matchAll(FALLBACK_PIECE)) {
      const piece = m[0];
      const first = Array.from(piece)[0] ?? "";
      let ps: string | null;
      if (isDigits(first)) ps = this.lexicon.getNumber(piece, null, false)[0];
      else if (isAlpha(first)) ps = (this.departures ? this.lexicon.compound(piece) : null) ?? (await this.oov.read(piece));
      else ps = Array.from(piece, (c) => SYMBOL_PHONEMES[c] ?? "").join("");
      if (ps) out.push(ps);
    }
    return out.length ? [out.join(" "), 2] : ["", 3];
  }

  /** Fills in each token's phonemes, right to left so function words see what follows (misaki G2P.__call__). */
  async phonemizeTokens(tokens: readonly Tok[]): Promise<Tok[]> {
    const words = G2P.retokenize(tokens);
    let ctx: Context = { futureVowel: null, futureTo: false };
    for (let wi = words.length - 1; wi >= 0; wi--) {
      const w = words[wi];
      if (!w) continue;
      if (!Array.isArray(w)) {
        if (w.phonemes === null) [w.phonemes, w.rating] = this.lexicon.read(w, ctx);
        if (w.phonemes === null) [w.phonemes, w.rating] = await this.fallback(w);
        ctx = G2P.context(ctx, w.phonemes, w);
        continue;
      }
      let left = 0;
      let right = w.length;
      let shouldFallback = false;
      while (left < right) {
        const span = w.slice(left, right);
        const merged = span.some((t) => t.alias !== null || t.phonemes !== null) ? null : mergeTokens(span);
        const [ps, rating] = merged === null ? [null, null] : this.lexicon.read(merged, ctx);
        if (ps !== null && merged !== null) {
          const head = w[left] as Tok;
          head.phonemes = ps;
          head.rating = rating;
          for (const x of w.slice(left + 1, right)) {
            x.phonemes = "";
            x.rating = rating;
          }
          ctx = G2P.context(ctx, ps, merged);
          right = left;
          left = 0;
        } else if (left + 1 < right) {
          left += 1;
        } else {
          right -= 1;
          const tk = w[right] as Tok;
          if (tk.phonemes === null) {
            if (isJunk(tk.text)) {
              tk.phonemes = "";
              tk.rating = 3;
            } else {
              shouldFallback = true;
              break;
            }
          }
          left = 0;
        }
      }
      if (shouldFallback) {
        const [ps, rating] = await this.fallback(mergeTokens(w));
        const [head, ...rest] = w;
        if (head) [head.phonemes, head.rating] = [ps, rating];
        for (const x of rest) {
          x.phonemes = "";
          x.rating = rating;
        }
      } else G2P.resolveTokens(w);
    }
    return words.map((w) => {
      const t = Array.isArray(w) ? mergeTokens(w, this.unk) : w;
      if (t.phonemes) t.phonemes = t.phonemes.replaceAll("ɾ", "T").replaceAll("ʔ", "t");
      return t;
    });
  }
}
