import { describe, expect, it } from "vitest";
import { abortable } from "./abortable";

/** A producer that ignores signals: items `gapMs` apart, and a record of when it was told to stop. */
function slowSource(gapMs: number) {
  const marks: { returnedAt?: number } = {};
  let i = 0;
  const source: AsyncIterable<number> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (i > 0) await new Promise((r) => setTimeout(r, gapMs));
        i += 1;
        return i <= 3 ? { value: i, done: false } : { value: undefined, done: true };
      },
      return: async () => {
        marks.returnedAt ??= Date.now();
        return { value: undefined, done: true };
      },
    }),
  };
  return { source, marks };
}

describe("abortable", () => {
  it("passes every item through when nothing aborts", async () => {
    const { source } = slowSource(10);
    const seen: number[] = [];
    for await (const n of abortable(source, new AbortController().signal)) seen.push(n);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("ends a pending read at once on abort and tells the producer to stop", async () => {
    const { source, marks } = slowSource(5000);
    const abort = new AbortController();
    const seen: number[] = [];
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    for await (const n of abortable(source, abort.signal)) seen.push(n);
    const abortedAfter = Date.now() - started;
    expect(seen).toEqual([1]);
    expect(abortedAfter).toBeLessThan(1000);
    expect(marks.returnedAt! - started).toBeLessThan(1000);
  });

  it("rethrows a producer's failure", async () => {
    async function* failing() {
      yield 1;
      throw new Error("boom");
    }
    const read = async () => {
      for await (const _ of abortable(failing(), new AbortController().signal)) void _;
    };
    await expect(read()).rejects.toThrow("boom");
  });
});
