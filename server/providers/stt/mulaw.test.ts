import { describe, expect, it } from "vitest";
import { encodeMulaw, linearToMulaw } from "./mulaw";

describe("G.711 μ-law", () => {
  it("codes the reference points of the standard table", () => {
    expect(linearToMulaw(0)).toBe(0xff);
    expect(linearToMulaw(-1)).toBe(0x7f);
    expect(linearToMulaw(32767)).toBe(0x80);
    expect(linearToMulaw(-32768)).toBe(0x00);
    // Segment boundaries: magnitude + 132 bias crosses a power of two.
    expect(linearToMulaw(123)).toBe(0xf0);
    expect(linearToMulaw(-124)).toBe(0x6f);
  });

  it("is monotonic in magnitude, one byte a sample", () => {
    const ramp = Int16Array.from({ length: 200 }, (_, i) => i * 160);
    const coded = encodeMulaw(ramp);
    expect(coded).toHaveLength(200);
    for (let i = 1; i < coded.length; i++) expect(coded[i]!).toBeLessThanOrEqual(coded[i - 1]!);
  });
});
