import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BusinessProfile } from "../../server/core/dialogue/business-profile";
import { loadDomainPhrases } from "../../server/providers/stt/domain-phrases";

/**
 * Bench only: the domain language model the product's pocketsphinx setup used,
 * kept so scripts/bench-stt-wer.ts measures that setup as it was.
 *
 * A trigram language model (ARPA text) built from the business's own phrases:
 * intent examples and knowledge-base sentences. Interpolated with pocketsphinx's
 * general English model, it makes the agent's own domain ("opening hours",
 * "order four two seven one") recognised reliably without closing the vocabulary.
 * Absolute discounting with back-off; all words must be in the pronunciation dictionary.
 */
const DISCOUNT = 0.7;

export function tokenizeForLm(sentence: string, vocabulary: ReadonlySet<string>): string[][] {
  const words = sentence
    .toLowerCase()
    .replace(/[’]/g, "'")
    .replace(/[^a-z' ]+/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  // Out-of-vocabulary words split the sentence rather than teach wrong word pairs.
  const runs: string[][] = [[]];
  for (const w of words) {
    if (vocabulary.has(w)) runs.at(-1)!.push(w);
    else if (runs.at(-1)!.length) runs.push([]);
  }
  return runs.filter((r) => r.length > 0);
}

export function buildArpa(sentences: readonly string[], vocabulary: ReadonlySet<string>): string {
  const counts = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const add = (n: 0 | 1 | 2, key: string) => counts[n]!.set(key, (counts[n]!.get(key) ?? 0) + 1);
  for (const sentence of sentences) {
    for (const run of tokenizeForLm(sentence, vocabulary)) {
      const t = ["<s>", ...run, "</s>"];
      for (let i = 0; i < t.length; i++) {
        add(0, t[i]!);
        if (i >= 1) add(1, `${t[i - 1]} ${t[i]}`);
        if (i >= 2) add(2, `${t[i - 2]} ${t[i - 1]} ${t[i]}`);
      }
    }
  }
  const [uni, bi, tri] = counts as [Map<string, number>, Map<string, number>, Map<string, number>];
  const total = [...uni.entries()].filter(([w]) => w !== "<s>").reduce((s, [, c]) => s + c, 0);
  const vocabSize = uni.size;
  const pUni = new Map<string, number>();
  for (const [w, c] of uni) pUni.set(w, w === "<s>" ? 0 : (c + 0.5) / (total + 0.5 * vocabSize));

  // Context counts and successors per history.
  const successors = (ngrams: Map<string, number>) => {
    const out = new Map<string, { total: number; words: Map<string, number> }>();
    for (const [key, c] of ngrams) {
      const i = key.lastIndexOf(" ");
      const h = key.slice(0, i);
      const w = key.slice(i + 1);
      const entry = out.get(h) ?? { total: 0, words: new Map() };
      entry.total += c;
      entry.words.set(w, c);
      out.set(h, entry);
    }
    return out;
  };
  const biCtx = successors(bi);
  const triCtx = successors(tri);

  const pBi = new Map<string, number>();
  const alphaUni = new Map<string, number>();
  for (const [h, { total: ct, words }] of biCtx) {
    let seenLower = 0;
    for (const [w, c] of words) {
      pBi.set(`${h} ${w}`, (c - DISCOUNT) / ct);
      seenLower += pUni.get(w) ?? 0;
    }
    alphaUni.set(h, ((DISCOUNT * words.size) / ct) / Math.max(1e-9, 1 - seenLower));
  }
  const pBackoffBi = (h: string, w: string) => pBi.get(`${h} ${w}`) ?? (alphaUni.get(h) ?? 1) * (pUni.get(w) ?? 0);

  const pTri = new Map<string, number>();
  const alphaBi = new Map<string, number>();
  for (const [h, { total: ct, words }] of triCtx) {
    const h2 = h.slice(h.indexOf(" ") + 1);
    let seenLower = 0;
    for (const [w, c] of words) {
      pTri.set(`${h} ${w}`, (c - DISCOUNT) / ct);
      seenLower += pBackoffBi(h2, w);
    }
    alphaBi.set(h, ((DISCOUNT * words.size) / ct) / Math.max(1e-9, 1 - seenLower));
  }

  const log = (p: number) => (p > 0 ? Math.log10(p) : -99).toFixed(4);
  const lines = ["\\data\\", `ngram 1=${uni.size}`, `ngram 2=${pBi.size}`, `ngram 3=${pTri.size}`, "", "\\1-grams:"];
  for (const w of [...uni.keys()].sort()) {
    const bo = alphaUni.get(w);
    lines.push(`${log(pUni.get(w) ?? 0)}\t${w}${bo !== undefined ? `\t${log(bo)}` : ""}`);
  }
  lines.push("", "\\2-grams:");
  for (const [k, p] of [...pBi.entries()].sort()) {
    const bo = alphaBi.get(k);
    lines.push(`${log(p)}\t${k}${bo !== undefined ? `\t${log(bo)}` : ""}`);
  }
  lines.push("", "\\3-grams:");
  for (const [k, p] of [...pTri.entries()].sort()) lines.push(`${log(p)}\t${k}`);
  lines.push("", "\\end\\", "");
  return lines.join("\n");
}

/**
 * Writes the domain model for this profile and knowledge folder (cached by
 * content hash in the temp dir) and returns its path; undefined if the
 * pronunciation dictionary is missing.
 */
export function writeDomainLm(profile: BusinessProfile, options: { knowledgeDir: string; dictPath: string }): string | undefined {
  if (!existsSync(options.dictPath)) return undefined;
  // The same sentences the product's Vosk domain model learns from.
  const sentences = loadDomainPhrases(profile, options.knowledgeDir);
  const hash = createHash("sha256").update(JSON.stringify(sentences)).digest("hex").slice(0, 16);
  const path = join(tmpdir(), `voice-agent-domain-${hash}.arpa`);
  if (existsSync(path)) return path;
  const vocabulary = new Set(
    readFileSync(options.dictPath, "utf8")
      .split("\n")
      .map((line) => line.split(" ")[0] ?? "")
      .filter((w) => w && !w.includes("(")),
  );
  writeFileSync(path, buildArpa(sentences, vocabulary));
  return path;
}
