import { describe, expect, it } from "vitest";
import { numberToWords, ordinalWords, spellCode, spellDigitGroups, spellDigits, spokenMoney, yearWords } from "./speech-format";

describe("speech-format", () => {
  it.each([
    [0, "zero"],
    [15, "fifteen"],
    [42, "forty-two"],
    [100, "one hundred"],
    [1250, "one thousand two hundred fifty"],
    [1_000_000, "one million"],
    [2_500_000_001, "two billion five hundred million one"],
  ])("numberToWords(%d)", (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });

  it.each([
    [1, "first"],
    [2, "second"],
    [3, "third"],
    [12, "twelfth"],
    [20, "twentieth"],
    [22, "twenty-second"],
    [31, "thirty-first"],
    [100, "one hundredth"],
  ])("ordinalWords(%d)", (n, words) => {
    expect(ordinalWords(n)).toBe(words);
  });

  it.each([
    [1998, "nineteen ninety-eight"],
    [1900, "nineteen hundred"],
    [1905, "nineteen oh five"],
    [2000, "two thousand"],
    [2005, "two thousand five"],
    [2010, "twenty ten"],
    [2026, "twenty twenty-six"],
  ])("yearWords(%d)", (n, words) => {
    expect(yearWords(n)).toBe(words);
  });

  it("spells identifiers and money", () => {
    expect(spellDigits("4271")).toBe("four two seven one");
    expect(spokenMoney(1250)).toBe("twelve dollars and fifty cents");
  });

  it.each([
    ["4271", "four two seven one"],
    ["25018", "two five zero, one eight"],
    ["123456", "one two three, four five six"],
    ["1234567", "one two three, four five six seven"],
    ["12345678", "one two three, four five six, seven eight"],
  ])("spellDigitGroups(%s): four digits in one breath, longer runs in threes with no digit alone", (digits, words) => {
    expect(spellDigitGroups(digits)).toBe(words);
  });

  it.each([
    ["HC-48275", "H C, four eight two, seven five"],
    ["HC-7YJ0H", "H C, seven, Y, J, zero, H"],
    ["HC-XS342", "H C, X, S, three four two"],
    ["HC-6X01W", "H C, six, X, zero one, W"],
    ["1Z99AA1", "one, Z, nine nine, A, A, one"],
    ["hc-4k7pq", "H C, four, K, seven, P, Q"],
  ])("spellCode(%s): letters set apart, digits grouped, the letter prefix as one run", (code, words) => {
    expect(spellCode(code)).toBe(words);
  });
});
