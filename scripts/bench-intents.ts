// Prints the local intent classifier's throughput on one core (target ≥ 10,000 utterances/s).
import { readFileSync } from "node:fs";
import { parseBusinessProfile } from "../server/core/dialogue/business-profile";
import { IntentClassifier } from "../server/core/dialogue/intent-classifier";

const profile = parseBusinessProfile(JSON.parse(readFileSync("config/business-profile.json", "utf8")));
const trainStart = performance.now();
const classifier = new IntentClassifier(profile.intents);
const trainMs = performance.now() - trainStart;

const utterances = [
  "what are your opening hours", "where is my order four two seven one", "can I talk to a human please",
  "do you have vegan options on the menu", "what time do you close on saturday", "how do I get to the cafe",
  "thanks so much goodbye", "is my delivery on the way, order 4273", "hello there", "I want a refund for my order",
];
for (let i = 0; i < 2000; i++) classifier.classify(utterances[i % utterances.length]!);
const n = 200_000;
const start = performance.now();
let sink = 0;
for (let i = 0; i < n; i++) sink += classifier.classify(utterances[i % utterances.length]!).score;
const seconds = (performance.now() - start) / 1000;
console.log(`trained on ${profile.intents.reduce((s, i) => s + i.examples.length, 0)} examples in ${trainMs.toFixed(1)} ms`);
console.log(`classified ${n} utterances in ${seconds.toFixed(2)} s: ${Math.round(n / seconds).toLocaleString("en-US")} utterances/s (checksum ${sink.toFixed(1)})`);
