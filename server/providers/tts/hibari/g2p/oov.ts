import * as ort from "onnxruntime-node";

/**
 * Unknown words (names above all): hibari's 0.65M-parameter character
 * transformer (oov.onnx), trained on espeak-ng's readings of 225k words.
 * One ONNX call per word; the output is CTC-style (collapse repeats, drop
 * blanks). Readings are cached: a caller's name comes back turn after turn.
 */
export interface OovMeta {
  readonly in: readonly string[];
  readonly out: readonly string[];
  readonly maxlen: number;
}

const CACHE_SIZE = 2000;

export class OovReader {
  private readonly cin: ReadonlyMap<string, number>;
  private readonly cout: ReadonlyMap<number, string>;
  private readonly cache = new Map<string, string | null>();

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly meta: OovMeta,
  ) {
    this.cin = new Map(meta.in.map((c, i) => [c, i + 1]));
    this.cout = new Map(meta.out.map((c, i) => [i + 1, c]));
  }

  static async load(modelPath: string, meta: OovMeta): Promise<OovReader> {
    const session = await ort.InferenceSession.create(modelPath, {
      executionProviders: ["cpu"],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      logSeverityLevel: 3,
    });
    return new OovReader(session, meta);
  }

  async read(word: string): Promise<string | null> {
    const cached = this.cache.get(word);
    if (cached !== undefined || this.cache.has(word)) return cached ?? null;
    const ids = Array.from(word)
      .flatMap((c) => {
        const id = this.cin.get(c);
        return id === undefined ? [] : [id];
      })
      .slice(0, this.meta.maxlen);
    let ps: string | null = null;
    if (ids.length > 0) {
      const chars = new ort.Tensor("int64", BigInt64Array.from(ids, BigInt), [1, ids.length]);
      const result = await this.session.run({ chars });
      const name = this.session.outputNames[0] ?? "";
      const out = result[name]?.data as BigInt64Array;
      ps = "";
      let prev = 0;
      for (const b of out) {
        const i = Number(b);
        if (i !== prev && i !== 0) ps += this.cout.get(i) ?? "";
        prev = i;
      }
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value ?? "");
    this.cache.set(word, ps);
    return ps;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
