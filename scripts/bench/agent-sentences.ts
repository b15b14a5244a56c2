/**
 * What the agent says, as written text: the business profile's lines, every
 * sentence of the knowledge base, the dialogue's and tools' templates, and
 * LLM-style answers filled from the profile's facts with names, amounts,
 * times, dates, ranges and units. Used for the front end's reference fixture
 * (scripts/make-hibari-fixtures.ts) and the TTS benchmarks. Deterministic:
 * the same list on every run.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { menuPrompt } from "../../server/core/dialogue/digit-entry";
import { businessProfileSchema, type BusinessProfile } from "../../server/core/dialogue/business-profile";
import { addDays } from "../../server/core/dialogue/calendar";
import { contactText, dayText, onDayText, peopleText, referenceText, timeText } from "../../server/core/dialogue/booking/speech";
import { spellDigits, spokenDate, spokenMoney, writtenMoney } from "../../server/core/dialogue/speech-format";
import { splitSentences } from "../../server/core/dialogue/sentences";

export interface AgentSentence {
  readonly source: "profile" | "knowledge" | "template" | "answer";
  readonly text: string;
}

const root = join(import.meta.dirname, "..", "..");

export function loadProfile(): BusinessProfile {
  return businessProfileSchema.parse(JSON.parse(readFileSync(join(root, "config", "business-profile.json"), "utf8")));
}

/** Knowledge-base sentences with headings kept as their own lines; list markers and table pipes left for the normaliser. */
export function knowledgeSentences(): string[] {
  const dir = join(root, "knowledge");
  const out: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
    for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
      const text = line.trim();
      if (!text) continue;
      if (text.startsWith("#")) out.push(text);
      else out.push(...splitSentences(text));
    }
  }
  return out;
}

/** Names of callers and staff: common, and the ones a lexicon has never seen (the OOV net reads those). */
export const names = [
  "Maria Lopez", "James Carter", "Aisha Khan", "Tom Becker", "Sofia Rossi", "Daniel Kim", "Emma Wilson", "Lucas Martin",
  "Chidi Okonkwo", "Nguyen Thi Lan", "Siobhan O'Sullivan", "Priya Raghunathan", "Oluwaseun Adeyemi", "Bartholomew Fitzgerald",
  "Xiaoming Zhou", "Anneliese Vandermeer", "Mateusz Wojciechowski", "Kateryna Shevchenko", "Giulia Bianchi", "Rahul Deshpande",
  "Yusuf Abdullahi", "Mei-Ling Tsai", "Sean McAllister", "Ingrid Johansson", "Thandiwe Mthembu", "Joaquin Echeverria",
  "Hamish MacLeod", "Nadia Haddad", "Keanu Kahananui", "Svetlana Ivanova", "Dmitri Volkov", "Aoife Brennan", "Tariq Rahman",
  "Beatriz Carvalho", "Kwame Mensah", "Leilani Akana", "Zofia Kowalczyk", "Rohan Kapoor", "Ximena Altamirano", "Eamon Gallagher",
  "Ngozi Eze", "Pierre-Louis Dubois", "Hiroshi Tanaka", "Ayesha Siddiqui", "Bjorn Lindqvist", "Camille Lefebvre", "Dov Rosenberg",
  "Fatima Zahra Benali", "Gwendolyn Pryce", "Ibrahim Toure", "Jorge Villanueva", "Kiri Tawhiri", "Lachlan Murdoch", "Mariam Aziz",
  "Niamh Donnelly", "Oksana Melnyk", "Padraig Kearney", "Quentin Beaulieu", "Ravi Subramanian", "Saoirse Flanagan", "Tomasz Nowak",
  "Ulrike Schneider", "Valentina Moretti", "Wiremu Ngata", "Yolanda Okafor", "Zainab Olawale", "Dr. Helen Park", "Mr. Raj Patel",
  "Mrs. Grace Liu", "Ms. Ana Ferreira", "Prof. Alan Whitcombe", "St. John", "Capt. Ahab", "Sgt. Pepper",
];

const items = [
  "2 bags of house blend coffee beans, 1 ceramic pour-over dripper", "1 espresso machine descaler kit", "12 almond croissants for an office breakfast",
  "1 cold brew bottle set, 3 bags of decaf", "1 gift card worth fifty dollars", "2 travel mugs, 1 bag of single origin Ethiopia", "1 burr grinder",
  "1 dozen blueberry muffins", "3 oat milk lattes and a cinnamon roll", "a lobster roll with chips", "4 slices of carrot cake", "1 chocolate fudge cake",
];
const statuses = ["shipped", "processing", "delivered"];
const drinks = ["espresso", "double espresso", "Americano", "cappuccino", "latte", "flat white", "mocha", "chai latte", "hot chocolate", "cold brew", "oat milk latte"];
const foods = ["avocado toast", "buttermilk pancakes", "overnight oats", "breakfast sandwich", "clam chowder", "lobster roll", "Harbor salad", "hummus wrap", "almond croissant", "blueberry muffin", "scone with jam", "carrot cake"];
const purposes = ["your order", "your table reservation", "your catering request", "your gift card", "the private event on Saturday", "your delivery"];

/** A small seeded generator so the list is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every agent sentence (unique, in a stable order), at least `min` of them. */
export function agentSentences(min = 2000): AgentSentence[] {
  const profile = loadProfile();
  const seen = new Set<string>();
  const out: AgentSentence[] = [];
  const add = (source: AgentSentence["source"], text: string) => {
    for (const sentence of splitSentences(text.replace(/\s+/g, " ").trim())) {
      if (!seen.has(sentence)) {
        seen.add(sentence);
        out.push({ source, text: sentence });
      }
    }
  };

  add("profile", profile.greeting);
  add("profile", profile.hours.spoken);
  add("profile", `We're open ${profile.hours.written}.`);
  add("profile", `You can find us at ${profile.address.spoken}.`);
  add("profile", `You can find us at ${profile.address.written}.`);
  if (profile.keypadMenu) add("profile", `${profile.greeting} ${menuPrompt(profile.keypadMenu)}`);
  for (const intent of profile.intents) {
    if (intent.response && !intent.response.startsWith("{")) add("profile", intent.response.replaceAll("{name}", profile.name));
    if (intent.capture?.prompt) add("profile", intent.capture.prompt);
    for (const example of intent.examples) add("profile", `You asked: ${example}.`);
  }
  for (const sentence of knowledgeSentences()) add("knowledge", sentence);

  const pick = rng(4271);
  const one = <T>(list: readonly T[]): T => list[Math.floor(pick() * list.length)] as T;
  const fixed = [
    "Sure. What is your order number? You can say the digits or type them on the keypad.",
    "Sorry, I still couldn't take that number. I can transfer you to a colleague if you like.",
    "Sorry, I couldn't finish looking that up.",
    "I'm not sure about that. I can transfer you to a colleague if you like, or you can ask me about our hours, location or your order.",
    "I haven't heard anything, so I'll end the call now. Goodbye!",
    "Sorry, I didn't catch that. Could you say it again?",
    "Are you still there?",
    "Of course. I'm transferring you to a colleague now, and I've passed on what you told me, so you won't need to repeat yourself.",
    `Of course. I've passed what you told me to a colleague, so you won't need to repeat yourself. Call us at ${profile.phone} and they'll pick it up from there, or keep talking to me here.`,
    `Thanks for contacting ${profile.name}. Goodbye!`,
  ];
  for (const text of fixed) add("template", text);

  const day = (offset: number) => new Date(Date.UTC(2027, 0, 4 + offset));
  for (let i = 0; out.length < min && i < 20 * min; i++) {
    const name = one(names);
    const first = name.replace(/^(?:Dr|Mr|Mrs|Ms|Prof|St|Capt|Sgt)\. /, "").split(" ")[0] ?? name;
    const cents = Math.floor(pick() * 20000) + 50;
    const order = String(1000 + Math.floor(pick() * 9000));
    const hour = 7 + Math.floor(pick() * 11);
    const minute = one(["00", "15", "30", "45", "05", "50"]);
    const time = `${hour > 12 ? hour - 12 : hour}:${minute} ${hour >= 12 ? "pm" : "am"}`;
    const party = 2 + Math.floor(pick() * 10);
    const date = day(Math.floor(pick() * 300));
    const monthDay = date.toLocaleDateString("en-US", { month: "long", day: "numeric", timeZone: "UTC" });
    const slash = `${date.getUTCMonth() + 1}/${date.getUTCDate()}`;
    const price = `$${(Math.floor(pick() * 3000) / 100 + 1).toFixed(2)}`;
    const templates: [AgentSentence["source"], string][] = [
      ["template", `Order ${spellDigits(order)} for ${name} is ${one(statuses)}: ${one(items)}, ${spokenMoney(cents)}. It should arrive on ${spokenDate(date)}.`],
      ["template", `Order **${order}** for ${name} is ${one(statuses)}: ${one(items)}, ${writtenMoney(cents)}.`],
      ["template", `I couldn't find an order with the number ${spellDigits(order)}. Could you check the number and say it again?`],
      ["template", `The gift card ending in ${spellDigits(order)} has ${spokenMoney(cents)} left on it.`],
      ["template", `The gift card ending in ${order} has ${writtenMoney(cents)} left on it.`],
      ["template", `Hi, this is ${profile.name}, calling about ${one(purposes)}. Is there anything you'd like to ask me about it?`],
      ["template", `That was ${2 + Math.floor(pick() * 10)} digits, but I need 16. Please enter the number again.`],
      ["answer", `Thanks, ${first}. Your table for ${party} is booked for ${monthDay} at ${time}.`],
      ["answer", `Hi ${first}, I've noted your order number ${order}.`],
      ["answer", `${name} left a message for you on ${slash} at ${time}.`],
      ["answer", `A ${one(drinks)} is ${price}, and a ${one(foods)} is ${writtenMoney(cents % 2500 + 300)}.`],
      ["answer", `The ${one(foods)} costs ${price}; add a ${one(drinks)} for ${writtenMoney((cents % 400) + 150)}.`],
      ["answer", `We're open ${one(["Mon–Fri", "Monday to Friday", "Mon-Sat", "Tue–Sun"])} ${one(["8:00–18:00", "7am–3pm", "9–5", "8:00 am to 6:00 pm", "10:30am - 4pm"])}.`],
      ["answer", `Local delivery usually takes ${20 + Math.floor(pick() * 20)}–${45 + Math.floor(pick() * 30)} minutes, and it's free on orders over $${10 * (2 + Math.floor(pick() * 6))}.`],
      ["answer", `We deliver within ${1 + Math.floor(pick() * 5)} miles, about ${(pick() * 8 + 1).toFixed(1)} km, of the cafe.`],
      ["answer", `Your ${party} bags of beans weigh about ${party * 12} oz, or ${(party * 0.34).toFixed(2)} kg.`],
      ["answer", `The private room seats ${party * 4} guests and costs ${writtenMoney(cents * 3)} for ${1 + (party % 4)} hrs, with a ${10 + (party % 3) * 5}% service charge.`],
      ["answer", `You're ${ordinal(party)} in the queue, ${first}; it's about a ${party * 2}-minute wait.`],
      ["answer", `Our loyalty members get ${party} points per $1, and ${party * 50} points earn a free drink.`],
      ["answer", `Please call ${name.split(" ").at(-1)} at (555) ${order.slice(0, 3)}-${order} or email orders@harborcafe.example.`],
      ["answer", `On ${monthDay}, ${date.getUTCFullYear()}, we close early at ${hour > 12 ? hour - 12 : hour} p.m. for a staff event.`],
      ["answer", `${one(["Dr.", "Mr.", "Ms.", "Prof."])} ${name.split(" ").at(-1)} booked the 2nd floor for ${party} people on ${one(["Sat", "Sun", "Fri."])} at ${time}.`],
      ["answer", `Parking on ${one(["Harbor St.", "Market St.", "Ceres St.", "Bow St."])} costs ${writtenMoney(100 + (cents % 300))}/hour after ${hour}:00.`],
      ["answer", `The Wi-Fi network is "HarborCafe-Guest" and the password is on your receipt, ${first}.`],
      ["answer", `I'm sorry, ${first}, the ${one(foods)} contains nuts, dairy & gluten.`],
      ["answer", `Yes, ${first}! We have ${party} vegan options, e.g. the ${one(foods)} and the wrap.`],
      ["answer", `Order #${order} was placed ${party} days ago and totals ${writtenMoney(cents)} incl. tax.`],
      ["answer", `Your reservation no. ${order.slice(0, 3)} is confirmed for ${party} at ${time} on ${slash}.`],
      ["answer", `Thank you for waiting, ${first}. ${one(["I've checked with the kitchen.", "Let me check that for you.", "One moment, please.", "I can help with that."])}`],
      ["answer", `The ${one(drinks)} is ${price} — ${Math.round(cents / 100) % 30 + 5}% off before ${hour > 12 ? hour - 12 : hour} a.m. for members.`],
    ];
    const [source, text] = one(templates);
    add(source, text);
  }
  return out;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${s}`;
}

/** Callers' names that appear nowhere else in the repository's sentences (the held-out set must not share the main set's names). */
const heldOutNames = [
  "Harriet Okoye", "Desmond Achterberg", "Marisol Quintero", "Florian Haberl", "Anjali Venkatesan", "Kofi Boateng",
  "Rosalind Whitaker", "Ewan Fraser", "Ines Delgado", "Yuki Morimoto", "Brigid Costello", "Olusegun Bakare",
  "Teodora Petrescu", "Callum Drummond", "Farida Nasser", "Henrik Solberg",
];

/**
 * Sentences the agent says that the intelligibility bench's main set does
 * not contain and that no rule was tuned on: booking read-backs and
 * confirmations with names, days, times and references (from the booking
 * tools' own phrasing), order statuses, prices, phone numbers and addresses,
 * both as the tools say them and as an LLM writes them (digits, symbols,
 * abbreviations for the normaliser). Reported separately by the bench.
 */
export function heldOutSentences(): string[] {
  const pick = rng(90217);
  const one = <T>(list: readonly T[]): T => list[Math.floor(pick() * list.length)] as T;
  const int = (from: number, to: number) => from + Math.floor(pick() * (to - from + 1));
  const today = "2027-03-08";
  const out: string[] = [];
  const reference = () => `HC-${Array.from({ length: 5 }, () => (pick() < 0.75 ? String(int(0, 9)) : one([..."ABCDEFGHJKLMNPQRSTUVWXYZ"]))).join("")}`;
  const isoDay = () => addDays(today, int(1, 40));
  const clock = () => `${int(11, 21)}:${one(["00", "15", "30", "45"])}`;
  for (let i = 0; i < 4; i++) {
    const name = heldOutNames[i] as string;
    const party = int(2, 8);
    out.push(`Let me read that back: a table for ${peopleText(party, "voice")} ${onDayText(isoDay(), today, "voice")} at ${timeText(clock(), "voice")}, under the name ${name}, and we can reach you on ${contactText({ kind: "phone", hint: String(int(1000, 9999)) }, "voice")}. Shall I book it?`);
    out.push(`You're booked: a table for ${peopleText(party, "voice")} ${onDayText(isoDay(), today, "voice")} at ${timeText(clock(), "voice")}. Your reference is ${referenceText(reference(), "voice")}.`);
  }
  out.push(`I couldn't find a reservation with the reference ${referenceText(reference(), "voice")}. Could you check it and say it again?`);
  out.push(`Done: your reservation for ${dayText(isoDay(), today, "voice")} is cancelled. Anything else I can help with?`);
  out.push(`Let me read that back: a table for ${peopleText(2, "voice")} tomorrow at ${timeText("18:45", "voice")}, under the name ${heldOutNames[4]}, and we can reach you on ${contactText({ kind: "email", hint: "fastmail.com" }, "voice")}. Shall I book it?`);
  const order = () => String(int(10000, 99999));
  out.push(`Order ${spellDigits(order())} is shipped: 2 bags of Colombian dark roast and 1 milk frother, ${spokenMoney(int(2000, 9000))}. It should arrive on ${spokenDate(new Date(Date.UTC(2027, 2, int(9, 30))))}.`);
  out.push(`Order ${spellDigits(order())} is processing. To tell you more about it, I need the email address or postcode on the order.`);
  out.push(`Order ${spellDigits(order())} is delivered: a birthday cake and twelve candles, ${spokenMoney(int(3000, 6000))}.`);
  // As an LLM writes them: the normaliser reads the digits, symbols and abbreviations.
  const written = [
    `Your reference is ${reference()}, ${heldOutNames[5]}, and we'll hold the table until ${int(6, 9)}:45 pm.`,
    `Thanks, ${heldOutNames[6]?.split(" ")[0]}! I've booked a table for ${int(2, 6)} on Fri, Mar ${int(10, 28)} at ${int(6, 8)}:30 pm under ${heldOutNames[6]}.`,
    `Order #${order()} shipped on Mar ${int(1, 9)} and should arrive by Tue, Mar ${int(10, 20)}.`,
    `Order #${order()} is still being prepared; we'll text you at the number ending in ${int(1000, 9999)} when it's ready.`,
    `A large oat milk latte is $${int(4, 6)}.${one(["25", "50", "75"])}, and an extra shot adds $0.${one(["60", "75", "80"])}.`,
    `The family brunch platter is $${int(38, 59)}.95 and feeds ${int(4, 6)} people.`,
    `Your refund of $${int(12, 48)}.${int(10, 99)} was issued on 3/${int(1, 7)} and takes 3–5 business days to appear.`,
    `You can reach our catering team at (555) ${int(200, 899)}-${int(1000, 9999)}, Mon–Fri 9am–5pm.`,
    `For large orders, call ${heldOutNames[7]} directly on 555-${int(1000, 9999)}, extension ${int(10, 99)}.`,
    `We're at ${int(100, 480)} Harbor St., Portland, OR ${int(97201, 97299)}, across from the ferry terminal.`,
    `Our second location is at ${int(10, 99)} Ocean Ave., Suite ${int(100, 300)}, next to the public library.`,
    `Parking is free in the garage on Pine St. for the first ${int(2, 3)} hrs with a validated receipt.`,
    `The wedding cake tasting for ${heldOutNames[8]} is on Sat, Apr ${int(3, 24)} at ${int(10, 11)}:00 am; please bring up to ${int(2, 4)} guests.`,
    `Your gift card ending in ${int(1000, 9999)} has $${int(5, 95)}.${int(10, 99)} left, and it never expires.`,
    `The private room holds ${int(12, 30)} guests and costs $${int(150, 400)} for ${int(2, 4)} hours, plus an 18% service charge.`,
    `${heldOutNames[9]}, your pastry order ${reference()} is ready for pickup after ${int(1, 4)}:15 pm today.`,
    `Sorry, ${heldOutNames[10]?.split(" ")[0]}, we're fully booked at 7:30 pm; I can offer 6:45 or 8:15 instead.`,
    `Delivery to zip code ${int(97201, 97299)} costs $${int(3, 7)}.99 and takes about ${int(30, 45)}–${int(50, 70)} minutes.`,
    `Our holiday hours: Dec 24 8am–2pm, closed Dec 25, and Dec 31 8am–4pm.`,
    `The espresso machine descaler is back in stock at $${int(12, 19)}.50; we have ${int(6, 20)} left.`,
    `I've noted that ${heldOutNames[11]} is allergic to peanuts and tree nuts for the booking on ${int(3, 4)}/${int(10, 28)}.`,
    `Your subscription renews on April ${int(1, 28)}th for $${int(18, 32)}.00 a month; you can pause it anytime.`,
    `Call us back at +1 555 ${int(200, 899)} ${int(1000, 9999)} if the line drops, ${heldOutNames[12]?.split(" ")[0]}.`,
    `The shuttle from the ferry leaves every ${int(15, 20)} min between 7:00 and 10:30 am.`,
    `We can seat ${heldOutNames[13]}'s party of ${int(9, 12)} at 12:30 pm on Sun, Mar ${int(14, 28)}, in the garden room.`,
    `Your loyalty balance is ${int(120, 980)} points, about $${int(3, 9)}.${int(10, 90)} off your next order.`,
  ];
  out.push(...written);
  return out.map((s) => s.replace(/\s+/g, " ").trim());
}
