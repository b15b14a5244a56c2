/** A token as the front end's stages fill it in (misaki's MToken, flattened; hibari/g2p/token.py). */
export interface Tok {
  text: string;
  tag: string;
  whitespace: string;
  phonemes: string | null;
  isHead: boolean;
  alias: string | null;
  stress: number | null;
  currency: string | null;
  prespace: boolean;
  rating: number | null;
}

export function tok(text: string, tag = "", whitespace = "", fields: Partial<Tok> = {}): Tok {
  return { text, tag, whitespace, phonemes: null, isHead: true, alias: null, stress: null, currency: null, prespace: false, rating: null, ...fields };
}

const caseWeight = (text: string) => Array.from(text).reduce((sum, c) => sum + (c === c.toLowerCase() ? 1 : 2), 0);

/** Several sub-tokens read as one word (misaki merge_tokens); with `unk`, their phonemes are joined too. */
export function mergeTokens(tokens: readonly Tok[], unk?: string): Tok {
  const first = tokens[0];
  const last = tokens.at(-1);
  if (!first || !last) throw new Error("mergeTokens needs at least one token");
  const stresses = new Set(tokens.flatMap((t) => (t.stress === null ? [] : [t.stress])));
  const currencies = tokens.flatMap((t) => (t.currency === null ? [] : [t.currency])).sort();
  const ratings = tokens.map((t) => t.rating);
  let phonemes: string | null = null;
  if (unk !== undefined) {
    phonemes = "";
    for (const t of tokens) {
      if (t.prespace && phonemes && !/\s$/u.test(phonemes) && t.phonemes) phonemes += " ";
      phonemes += t.phonemes === null ? unk : t.phonemes;
    }
  }
  let tagged = first;
  for (const t of tokens) if (caseWeight(t.text) > caseWeight(tagged.text)) tagged = t;
  return {
    text: tokens.slice(0, -1).map((t) => t.text + t.whitespace).join("") + last.text,
    tag: tagged.tag,
    whitespace: last.whitespace,
    phonemes,
    isHead: first.isHead,
    alias: null,
    stress: stresses.size === 1 ? [...stresses][0] ?? null : null,
    currency: currencies.at(-1) ?? null,
    prespace: first.prespace,
    rating: ratings.includes(null) ? null : Math.min(...(ratings as number[])),
  };
}
