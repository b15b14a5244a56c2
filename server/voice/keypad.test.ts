import { describe, expect, it } from "vitest";
import { AsyncQueue } from "./async-queue";
import { callerTextInputs, keypadEntries } from "./keypad";
import type { VoiceChannel } from "../core/ports";

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const s of stream) out.push(s);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("keypadEntries", () => {
  it("submits on # and on a pause, and * clears", async () => {
    const keys = new AsyncQueue<string>();
    const result = collect(keypadEntries(keys, { interDigitMs: 50 }));
    for (const k of ["4", "2", "7", "1", "#"]) keys.push(k);
    keys.push("9");
    keys.push("*");
    keys.push("1");
    await sleep(120);
    keys.push("3");
    keys.close();
    expect(await result).toEqual(["4271", "1", "3"]);
  });

  it("ignores anything that is not a key", async () => {
    const keys = new AsyncQueue<string>();
    const result = collect(keypadEntries(keys, { interDigitMs: 20 }));
    for (const k of ["", "x", "12", "5"]) keys.push(k);
    keys.close();
    expect(await result).toEqual(["5"]);
  });
});

describe("callerTextInputs", () => {
  it("merges typed text and keypad entries, ending when both end", async () => {
    const typed = new AsyncQueue<string>();
    const keys = new AsyncQueue<string>();
    const channel = { typedText: () => typed, dtmf: () => keys } as unknown as VoiceChannel;
    const result = collect(callerTextInputs(channel, { interDigitMs: 20 })!);
    typed.push("hello");
    keys.push("4");
    keys.push("#");
    await sleep(10);
    typed.close();
    keys.close();
    expect((await result).sort((a, b) => a.text.localeCompare(b.text))).toEqual([
      { text: "4", kind: "keypad" },
      { text: "hello", kind: "typed" },
    ]);
  });

  it("reports each key as it is pressed, before the entry is complete", async () => {
    const keys = new AsyncQueue<string>();
    const pressed: string[] = [];
    const channel = { dtmf: () => keys } as unknown as VoiceChannel;
    const result = collect(callerTextInputs(channel, { interDigitMs: 20, onKey: (key) => pressed.push(key) })!);
    keys.push("1");
    await sleep(5);
    expect(pressed).toEqual(["1"]);
    keys.push("2");
    keys.push("#");
    keys.close();
    expect(await result).toEqual([{ text: "12", kind: "keypad" }]);
    expect(pressed).toEqual(["1", "2", "#"]);
  });

  it("is absent for a channel with neither", () => {
    expect(callerTextInputs({} as VoiceChannel)).toBeUndefined();
  });
});
