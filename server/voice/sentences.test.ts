import { describe, expect, it } from "vitest";
import { sentencesFrom } from "./sentence-stream";
import { splitSentences } from "./sentences";

async function* fromArray(deltas: readonly string[], log?: string[]): AsyncIterable<string> {
  for (const delta of deltas) {
    log?.push(`in ${JSON.stringify(delta)}`);
    yield delta;
  }
  log?.push("end");
}

async function collect(deltas: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const sentence of sentencesFrom(fromArray(deltas))) out.push(sentence);
  return out;
}

const paragraph =
  "The vegan banana bread is $4.00 a slice. The Harbor Street lot charges $2.00 per hour from 8:00 am to 8:00 pm! " +
  "Dr. Smith lives at 12 Harbor St. in town, e.g. near the ferry. Version 1.2.3 costs 3.5% more, i.e. $0.75 etc. " +
  "Email rewards@harborcafe.example or visit https://harborcafe.example/menu?day=mon. Order no. 4271 shipped… Thanks?";

describe("splitSentences (voice re-export)", () => {
  it("splits on sentence ends and keeps abbreviations and decimals", () => {
    expect(splitSentences("Hello! We are at 12 Harbor St. in town. It costs 4.50 dollars? Yes")).toEqual([
      "Hello!",
      "We are at 12 Harbor St. in town.",
      "It costs 4.50 dollars?",
      "Yes",
    ]);
  });
});

describe("sentencesFrom", () => {
  it.each([
    [["The vegan banana bread is $4", ".", "00 a slice. Anything", " else?"], ["The vegan banana bread is $4.00 a slice.", "Anything else?"]],
    [["Parking is $2.", "00 per hour."], ["Parking is $2.00 per hour."]],
    [["Parking is $2", ".00 per", " hour", "."], ["Parking is $2.00 per hour."]],
    [["Pi is 3", ".", "14. Version 1.", "2.", "3 is out."], ["Pi is 3.14.", "Version 1.2.3 is out."]],
    [["We open at 9 a", ".m", ". and close at 5 p.m", "."], ["We open at 9 a.m. and close at 5 p.m."]],
    [["We open at 9 a.m.", " See you!"], ["We open at 9 a.m.", "See you!"]],
    [["We are at 12 Harbor St.", " in town."], ["We are at 12 Harbor St. in town."]],
    [["We are at 12 Harbor St.", " ", "Come by!"], ["We are at 12 Harbor St.", "Come by!"]],
    [["Ask Dr.", " Smith."], ["Ask Dr. Smith."]],
    [["Email hello@harborcafe", ".example", ". Bye."], ["Email hello@harborcafe.example.", "Bye."]],
    [["It costs $4", "."], ["It costs $4."]],
    [["Hello", "!", "", " How", " can I help?  "], ["Hello!", "How can I help?"]],
    [["Coffees:\n", "- Espresso $3.00\n", "- Latte $4.75"], ["Coffees:", "- Espresso $3.00", "- Latte $4.75"]],
    [[], []],
    [["   "], []],
  ])("%j", async (deltas, expected) => {
    expect(await collect(deltas)).toEqual(expected);
  });

  it("lets a sentence out as soon as the character after its end arrives", async () => {
    const log: string[] = [];
    for await (const sentence of sentencesFrom(fromArray(["It is $4", ".", "00 a slice", ".", " Anything", " else?"], log))) log.push(`out ${sentence}`);
    expect(log).toEqual([
      'in "It is $4"',
      'in "."',
      'in "00 a slice"',
      'in "."',
      'in " Anything"',
      "out It is $4.00 a slice.",
      'in " else?"',
      "end",
      "out Anything else?",
    ]);
  });

  it("gives the same sentences however the text is cut into deltas", async () => {
    const whole = splitSentences(paragraph);
    expect(whole).toEqual([
      "The vegan banana bread is $4.00 a slice.",
      "The Harbor Street lot charges $2.00 per hour from 8:00 am to 8:00 pm!",
      "Dr. Smith lives at 12 Harbor St. in town, e.g. near the ferry.",
      "Version 1.2.3 costs 3.5% more, i.e. $0.75 etc.",
      "Email rewards@harborcafe.example or visit https://harborcafe.example/menu?day=mon.",
      "Order no. 4271 shipped…",
      "Thanks?",
    ]);
    expect(await collect([...paragraph])).toEqual(whole);
    for (let cut = 1; cut < paragraph.length; cut++) {
      expect(await collect([paragraph.slice(0, cut), paragraph.slice(cut)])).toEqual(whole);
    }
  });

  it("re-joins into the written text: no '$4. 00' in the transcript", async () => {
    const sentences = await collect(["The vegan banana bread ($4", ".", "00 a slice) is vegan. Parking is $2", ".", "00 per hour."]);
    expect(sentences.join(" ")).toBe("The vegan banana bread ($4.00 a slice) is vegan. Parking is $2.00 per hour.");
  });
});
