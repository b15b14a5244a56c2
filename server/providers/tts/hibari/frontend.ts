import { join } from "node:path";
import { normalizeForSpeech } from "../../../voice/speech-normalize";
import { type AssetFile, readJsonAsset } from "./assets";
import { G2P } from "./g2p/g2p";
import type { Lexicon } from "./g2p/lexicon";
import { OovReader, type OovMeta } from "./g2p/oov";
import { Tagger, type TaggerModel } from "./g2p/tagger";
import { type SpecialCases, Tokenizer } from "./g2p/tokenizer";

/**
 * The text side of the voice: the product's normaliser (numbers, money,
 * times, dates, units, abbreviations → words), then hibari's G2P.
 */
export class FrontEnd {
  private constructor(private readonly g2p: G2P) {}

  /** `misaki: true` turns our departures from the Python front end off (to compare with its reference phonemes). */
  static async load(dir: string, { misaki = false }: { misaki?: boolean } = {}): Promise<FrontEnd> {
    const json = <T>(name: AssetFile) => readJsonAsset<T>(dir, name);
    const oov = await OovReader.load(join(dir, "oov.onnx"), json<OovMeta>("oov.json"));
    const g2p = new G2P(
      json<Lexicon>("lexicon_us_gold.json.gz"),
      json<Lexicon>("lexicon_us_silver.json.gz"),
      new Tokenizer(json<SpecialCases>("tokenizer_exceptions.json")),
      new Tagger(json<TaggerModel>("tagger.json.gz")),
      oov,
      !misaki,
    );
    return new FrontEnd(g2p);
  }

  /** Phonemes of one sentence as written (normalised here; the normaliser is idempotent). */
  phonemize(sentence: string): Promise<string> {
    return this.g2p.phonemize(normalizeForSpeech(sentence));
  }

  /** Phonemes of text the normaliser has already seen. */
  phonemizeNormalized(text: string): Promise<string> {
    return this.g2p.phonemize(text);
  }
}
