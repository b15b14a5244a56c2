import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { AppError } from "../../../core/errors";

/**
 * The files `scripts/lib/hibari.mjs` unpacks from the hibari-tts wheel into
 * .cache/hibari (HIBARI_ASSETS_DIR). LICENSE and NOTICE travel with them.
 */
export const ASSET_FILES = [
  "hibari.onnx",
  "vocab.json",
  "lexicon_us_gold.json.gz",
  "lexicon_us_silver.json.gz",
  "tagger.json.gz",
  "tokenizer_exceptions.json",
  "oov.onnx",
  "oov.json",
  "normalize.json",
  "LICENSE",
  "NOTICE",
] as const;

export type AssetFile = (typeof ASSET_FILES)[number];

/** The files missing from `dir` (empty when the voice can load). */
export function missingAssets(dir: string): AssetFile[] {
  return ASSET_FILES.filter((name) => !existsSync(join(dir, name)));
}

export function assertAssets(dir: string): void {
  const missing = missingAssets(dir);
  if (missing.length > 0) {
    throw new AppError(
      "UNAVAILABLE",
      `hibari voice assets missing in ${dir} (${missing.join(", ")}): run \`npm start\` once to fetch them, or set HIBARI_ASSETS_DIR`,
    );
  }
}

/** Reads a JSON asset, gunzipping `.gz` files. */
export function readJsonAsset<T>(dir: string, name: AssetFile): T {
  const bytes = readFileSync(join(dir, name));
  return JSON.parse((name.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8")) as T;
}
