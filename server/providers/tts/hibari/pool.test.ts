import { describe, expect, it } from "vitest";
import { hibariPool } from "./pool";
import { testAssetsDir } from "./testing/assets-dir";

async function samplesOf(blocks: AsyncIterable<Int16Array>): Promise<number> {
  let n = 0;
  for await (const block of blocks) n += block.length;
  return n;
}

describe("hibari synthesis pool", () => {
  it("gives concurrent sentences on a two-thread pool the same audio as one alone", async () => {
    const pool = hibariPool(testAssetsDir, 2);
    await pool.start();
    const alone = await samplesOf(pool.synthesize("Our opening hours are nine to five."));
    // Two at once go to two threads; a thread that mixed them up would change the lengths.
    const together = await Promise.all([pool.synthesize("Our opening hours are nine to five."), pool.synthesize("Our opening hours are nine to five.")].map(samplesOf));
    expect(alone).toBeGreaterThan(24000);
    expect(together).toEqual([alone, alone]);
  }, 120_000);
});
