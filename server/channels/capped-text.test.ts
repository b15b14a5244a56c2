import { describe, expect, it } from "vitest";
import { readCappedText } from "./capped-text";

describe("typed text from a room, read with a byte cap", () => {
  it("returns a short message whole", async () => {
    async function* chunks() {
      yield "where are ";
      yield "you located?";
    }
    expect(await readCappedText(chunks(), 100)).toBe("where are you located?");
  });

  it("stops reading (and closes the stream) once it passes the cap", async () => {
    let pulled = 0;
    let closed = false;
    const endless: AsyncIterable<string> = {
      [Symbol.asyncIterator]() {
        return {
          next: async () => {
            pulled += 1;
            return { value: "x".repeat(1000), done: false };
          },
          return: async () => {
            closed = true;
            return { value: undefined, done: true };
          },
        };
      },
    };
    expect(await readCappedText(endless, 8 * 1024)).toBeUndefined();
    expect(pulled).toBe(9);
    expect(closed).toBe(true);
  });

  it("counts bytes, not characters", async () => {
    async function* chunks() {
      yield "€".repeat(3);
    }
    expect(await readCappedText(chunks(), 8)).toBeUndefined();
    expect(await readCappedText(chunks(), 9)).toBe("€€€");
  });
});
