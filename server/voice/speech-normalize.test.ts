import { describe, expect, it } from "vitest";
import type { ReplyEvent } from "../core/dialogue/dialogue";
import { createLogger } from "../core/log";
import type { TextToSpeech } from "../core/ports";
import { createToneTts } from "../providers/tts/fake";
import { createSpeaker } from "./speaker";
import { normalizeForSpeech } from "./speech-normalize";
import { InMemoryChannel } from "./testing/in-memory-channel";
import { MemoryStore } from "./testing/memory-store";

const cases: readonly (readonly [written: string, spoken: string])[] = [
  // The two chat examples from the issue, as the voice says them.
  ["The vegan banana bread is $4.00 a slice.", "The vegan banana bread is four dollars a slice."],
  ["The lot charges $2.00 per hour from 8:00 am to 8:00 pm.", "The lot charges two dollars per hour from eight a.m. to eight p.m."],
  // Currency.
  ["$4", "four dollars"],
  ["$1", "one dollar"],
  ["$4.50", "four dollars fifty"],
  ["$4.05", "four dollars and five cents"],
  ["$0.75", "seventy-five cents"],
  ["$0.01", "one cent"],
  ["$1,250", "one thousand two hundred fifty dollars"],
  ["$2.5 million", "two point five million dollars"],
  ["€4.50 or £0.50", "four euros fifty or fifty pence"],
  ["$10–$200", "ten to two hundred dollars"],
  ["$4.50 - $5.00", "four dollars fifty to five dollars"],
  ["$2/hour", "two dollars per hour"],
  ["a $2 per person fee and a $0.25 discount, an $8 lunch", "a two dollar per person fee and a twenty-five cent discount, an eight dollar lunch"],
  ["It costs $4.", "It costs four dollars."],
  // Numbers.
  ["3.5 miles", "three point five miles"],
  ["1,000 guests", "one thousand guests"],
  ["1,000,000", "one million"],
  ["Version 1.2.3", "Version one point two point three"],
  ["the 1st and the 22nd", "the first and the twenty-second"],
  ["A 25% deposit", "A twenty-five percent deposit"],
  ["10-20% off", "ten to twenty percent off"],
  ["2–5 business days", "two to five business days"],
  ["a 9-inch cake", "a nine-inch cake"],
  ["1/2 price, open 24/7", "one half price, open twenty-four seven"],
  // Times and ranges.
  ["9:00 am", "nine a.m."],
  ["9:30pm", "nine thirty p.m."],
  ["at 9am.", "at nine a.m."],
  ["12:00", "twelve o'clock"],
  ["12:00 pm", "twelve noon"],
  ["17:00", "five p.m."],
  ["9:05", "nine oh five"],
  ["9–5", "nine to five"],
  ["9:00 am – 5:00 pm", "nine a.m. to five p.m."],
  ["9–5 pm", "nine a.m. to five p.m."],
  ["6:30 pm to 8:30 pm", "six thirty to eight thirty p.m."],
  ["between 2 and 3 pm", "between two and three p.m."],
  // Days, months and dates.
  ["Mon–Fri", "Monday to Friday"],
  ["Mon–Fri 8:00–18:00, Sat–Sun 9:00–16:00", "Monday to Friday eight a.m. to six p.m., Saturday to Sunday nine a.m. to four p.m."],
  ["Open Tue, Wed & Sat.", "Open Tuesday, Wednesday and Saturday."],
  ["Closed Thurs. and on Sun.", "Closed Thursday and on Sunday."],
  ["We sat down in the Sun.", "We sat down in the Sun."],
  ["Dec. 25th, 2026", "December twenty-fifth, twenty twenty-six"],
  ["Jan 5", "January fifth"],
  ["12/25", "December twenty-fifth"],
  ["2026-12-01", "December first, twenty twenty-six"],
  ["It should arrive on Friday, December 25.", "It should arrive on Friday, December twenty-fifth."],
  ["25 December", "the twenty-fifth of December"],
  // Years.
  ["in 1998", "in nineteen ninety-eight"],
  ["since 2026", "since twenty twenty-six"],
  ["in 2005", "in two thousand five"],
  // Addresses and abbreviations.
  ["12 Harbor St. in town", "twelve Harbor Street in town"],
  ["We're at 12 Harbor St. Come by!", "We're at twelve Harbor Street. Come by!"],
  ["5th Ave., Ocean Rd", "fifth Avenue, Ocean Road"],
  ["Ask Dr. Smith or Mr. Jones", "Ask Doctor Smith or Mister Jones"],
  ["St. Mary's", "Saint Mary's"],
  ["cakes, e.g. carrot cake, i.e. sweets, etc.", "cakes, for example carrot cake, that is sweets, et cetera."],
  ["bread etc. Then cakes", "bread et cetera. Then cakes"],
  ["No. 5", "number five"],
  ["The answer is no.", "The answer is no."],
  ["3 oz, 1 hr, 30 min.", "three ounces, one hour, thirty minutes."],
  // Identifiers and phone numbers.
  ["order 4271", "order four two seven one"],
  ["Order #4271 shipped", "Order number four two seven one shipped"],
  ["Order #25018 shipped", "Order number two five zero, one eight shipped"],
  ["zip 03801", "zip zero three eight zero one"],
  ["Call +1 555 0100.", "Call plus one, five five five, zero one zero zero."],
  ["Call (617) 555-0123 now", "Call six one seven, five five five, zero one two three now"],
  ["The card ending in 3196 ends with 05.", "The card ending in three one nine six ends with zero five."],
  ["Your reference is HC-6X01W, or HC-97191.", "Your reference is H C, six, X, zero one, W, or H C, nine seven one, nine one."],
  ["Tracking code 1Z99AA1, not COVID-19 or a 4K TV", "Tracking code one, Z, nine nine, A, A, one, not COVID-nineteen or a 4K TV"],
  ["12 Harbor St., Portland, OR 97201-1234, or Boston, MA 02116.", "twelve Harbor Street, Portland, Oregon nine seven two zero one, one two three four, or Boston, Massachusetts zero two one one six."],
  ["Tea, OR coffee", "Tea, OR coffee"],
  // Symbols, emails, URLs.
  ["Fish & chips", "Fish and chips"],
  ["Kids 12+", "Kids twelve plus"],
  ["2 + 2 = 4", "two plus two equals four"],
  ["Email hello@harborcafe.example.", "Email hello at harborcafe dot example."],
  ["Visit https://www.harborcafe.example/menu?day=1.", "Visit harborcafe dot example slash menu."],
  ["yes/no, TCP/IP", "yes or no, TCP slash IP"],
  ["72°F, ~5 minutes", "seventy-two degrees Fahrenheit, about five minutes"],
  ["Of course — I'll check", "Of course, I'll check"],
  // Markdown leftovers.
  ["**Bold** and *italic* and `code`", "Bold and italic and code"],
  ["- Espresso $3.00", "Espresso three dollars"],
  ["## Opening hours", "Opening hours"],
  ["1. Order online", "Order online"],
  ["See [our menu](https://harborcafe.example/menu).", "See our menu."],
  ["| Item | Price |\n|---|---|\n| Latte | $4.75 |", "Item, Price, Latte, four dollars seventy-five"],
  ["Great 😀 thanks", "Great thanks"],
  // Readings absorbed from hibari's normaliser data (titles, dotted abbreviations, units, currencies, numerals, symbols).
  ["Order 2138 for Capt.", "Order two one three eight for Captain."],
  ["Sgt. Pepper and Lt. Dan", "Sergeant Pepper and Lieutenant Dan"],
  ["Harbor Coffee Co. and Tidewater Bros. Ltd.", "Harbor Coffee Company and Tidewater Brothers Limited."],
  ["$40 incl. tax", "forty dollars including tax"],
  ["Back in Sept. and aka the Harbor", "Back in September and also known as the Harbor"],
  ["a 500 sq ft room, 30 km/h, 2 GB", "a five hundred square feet room, thirty kilometers per hour, two gigabytes"],
  ["1 cm, 250 mg, 5 ms", "one centimeter, two hundred fifty milligrams, five milliseconds"],
  ["¥1,000, ₹250 and 50¢", "one thousand yen, two hundred fifty rupees and fifty cents"],
  ["USD 20 or EUR 4.50", "twenty dollars or four euros fifty"],
  ["Chapter IV and World War II", "Chapter four and World War two"],
  ["Henry VIII met Louis XIV", "Henry the eighth met Louis the fourteenth"],
  ["Part I think is fine, James Carter said", "Part I think is fine, James Carter said"],
  ["±2, 3 × 4, 10 ÷ 2, x² and Café™", "plus or minus two, three times four, ten divided by two, x squared and Café"],
  ["if a < b", "if a less than b"],
  ["Harbor’s best", "Harbor's best"],
  ["Open until 5 p.m.", "Open until five p.m."],
  ["our 1,000th guest", "our one thousandth guest"],
  ["It's -3°C outside, (-5 at night)", "It's minus three degrees Celsius outside, (minus five at night)"],
  ["We close at 4:00 pm.", "We close at four p.m."],
  // Unknown shapes pass through.
  ["Wi-Fi network HarborCafe-Guest (V)", "Wi-Fi network HarborCafe-Guest (V)"],
  ["4G, A1 sauce, 16:9", "4G, A1 sauce, 16:9"],
  ["Hello! How can I help?", "Hello! How can I help?"],
  ["", ""],
];

describe("normalizeForSpeech", () => {
  it.each(cases)("%j → %j", (written, spoken) => {
    expect(normalizeForSpeech(written)).toBe(spoken);
  });

  it("is idempotent", () => {
    for (const [written] of cases) {
      const once = normalizeForSpeech(written);
      expect(normalizeForSpeech(once), written).toBe(once);
    }
  });

  it("leaves no digits in what the knowledge base says", () => {
    const passage =
      "The nearest parking is the Harbor Street municipal lot, 50 yards away, which charges $2.00 per hour from 8:00 am to 8:00 pm. " +
      "Local delivery costs $3.99 for addresses within 1 mile and $5.99 for addresses between 1 and 3 miles. " +
      "Hire costs $600 for the evening plus food and drinks, with a minimum spend of $1,500. A 25% deposit secures the date. " +
      "Thursday open mic night: first Thursday of each month, 6:30 pm to 8:30 pm. Every order gets a four-digit order number (for example, order 4271).";
    expect(normalizeForSpeech(passage)).not.toMatch(/\d/);
  });

  it("never throws, whatever it is given", () => {
    for (const odd of ["\u0000$\u0000", "$".repeat(10_000), "9".repeat(400), "\ud800 lone surrogate 4", "[](", "**", "12:99 pm", "2026-13-45", "99/99"]) {
      expect(() => normalizeForSpeech(odd)).not.toThrow();
    }
    expect(normalizeForSpeech("9".repeat(20))).toBe(Array(20).fill("nine").join(" "));
  });
});

describe("the speaker", () => {
  it("sends normalised words to TTS and keeps the written text in the transcript", async () => {
    const spoken: string[] = [];
    const tone = createToneTts({ msPerCharacter: 1 });
    const tts: TextToSpeech = { ...tone, synthesize: (text, options) => (spoken.push(text), tone.synthesize(text, options)) };
    const channel = new InMemoryChannel(async function* () {});
    const store = new MemoryStore();
    const speaker = createSpeaker({ channel, tts, store, conversationId: "c1", log: createLogger({}, "error") });
    async function* events(): AsyncIterable<ReplyEvent> {
      for (const delta of ["The banana bread is $4", ".", "00 a slice. Parking is $2", ".", "00 per hour from 8:00 am to 8:00 pm", "."]) yield { type: "text", delta };
    }
    const reply = speaker.prepare();
    await speaker.speak(reply, events(), { signal: new AbortController().signal, gate: undefined });

    expect(spoken).toEqual(["The banana bread is four dollars a slice.", "Parking is two dollars per hour from eight a.m. to eight p.m."]);
    const written = "The banana bread is $4.00 a slice. Parking is $2.00 per hour from 8:00 am to 8:00 pm.";
    expect(reply.text).toBe(written);
    expect(channel.transcripts.at(-1)).toMatchObject({ role: "agent", text: written, final: true });
    expect(store.turns.at(-1)?.text).toBe(written);
  });
});
