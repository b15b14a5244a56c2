/**
 * Word tables for server/voice/speech-normalize.ts that came from hibari's
 * normaliser data (hibari-tts's assets/normalize.json, Apache-2.0): titles,
 * dotted abbreviations, units, currencies, Roman-numeral contexts, symbols.
 * Only the readings an agent's sentences can need, and none that misread
 * ordinary words (hibari's "no." → "number" would make "The answer is no."
 * say "number"; "Gen Z" is not a general).
 */

/** Titles expanded before a capitalised name, with or without their dot. */
export const titles: Readonly<Record<string, string>> = { Mr: "Mister", Mrs: "Missus", Ms: "Miz", Mx: "Mix", Dr: "Doctor", Prof: "Professor", Mt: "Mount" };

/** Expanded wherever they are written with their dot ("Capt. Ahab", "for Capt."). */
export const dottedAbbreviations: Readonly<Record<string, string>> = {
  Capt: "Captain", Sgt: "Sergeant", Lt: "Lieutenant", Col: "Colonel", Gen: "General", Gov: "Governor", Sen: "Senator",
  Rep: "Representative", Rev: "Reverend", Hon: "Honorable", Pres: "President", Atty: "Attorney", Supt: "Superintendent",
  Cmdr: "Commander", Cpl: "Corporal", Maj: "Major", Adm: "Admiral", Msgr: "Monsignor", Ft: "Fort",
  Bldg: "Building", Ltd: "Limited", Inc: "Incorporated", Corp: "Corporation", Co: "Company", Bros: "Brothers",
  Univ: "University", Assn: "Association", Govt: "Government", est: "established", vol: "volume", Vol: "Volume",
  fig: "figure", Fig: "Figure", ch: "chapter", Ch: "Chapter", pp: "pages", cf: "compare", incl: "including",
};

/** Written-out shorthands. */
export const shorthands: Readonly<Record<string, string>> = { aka: "also known as", AKA: "also known as", BTW: "by the way", IMO: "in my opinion", TBD: "to be determined" };

/** Units after a number: [one, many]. */
export const units: Readonly<Record<string, readonly [string, string]>> = {
  oz: ["ounce", "ounces"], lb: ["pound", "pounds"], lbs: ["pound", "pounds"], kg: ["kilogram", "kilograms"], g: ["gram", "grams"],
  mg: ["milligram", "milligrams"], mcg: ["microgram", "micrograms"], "µg": ["microgram", "micrograms"],
  km: ["kilometer", "kilometers"], cm: ["centimeter", "centimeters"], mm: ["millimeter", "millimeters"], nm: ["nanometer", "nanometers"],
  "µm": ["micrometer", "micrometers"], mi: ["mile", "miles"], ft: ["foot", "feet"], yd: ["yard", "yards"],
  "sq ft": ["square foot", "square feet"], "sq mi": ["square mile", "square miles"], ml: ["milliliter", "milliliters"], cc: ["cubic centimeter", "cubic centimeters"],
  mph: ["mile per hour", "miles per hour"], kph: ["kilometer per hour", "kilometers per hour"], "km/h": ["kilometer per hour", "kilometers per hour"],
  hr: ["hour", "hours"], hrs: ["hour", "hours"], min: ["minute", "minutes"], mins: ["minute", "minutes"], sec: ["second", "seconds"],
  secs: ["second", "seconds"], ms: ["millisecond", "milliseconds"],
  Hz: ["hertz", "hertz"], kHz: ["kilohertz", "kilohertz"], MHz: ["megahertz", "megahertz"], GHz: ["gigahertz", "gigahertz"],
  KB: ["kilobyte", "kilobytes"], kB: ["kilobyte", "kilobytes"], MB: ["megabyte", "megabytes"], GB: ["gigabyte", "gigabytes"], TB: ["terabyte", "terabytes"],
  Mbps: ["megabit per second", "megabits per second"], Gbps: ["gigabit per second", "gigabits per second"], fps: ["frame per second", "frames per second"],
  kWh: ["kilowatt hour", "kilowatt hours"], kW: ["kilowatt", "kilowatts"], MW: ["megawatt", "megawatts"], GW: ["gigawatt", "gigawatts"],
  mAh: ["milliamp hour", "milliamp hours"], pct: ["percent", "percent"],
};

export interface Currency {
  readonly one: string;
  readonly many: string;
  readonly cent: string;
  readonly cents: string;
}

export const dollar: Currency = { one: "dollar", many: "dollars", cent: "cent", cents: "cents" };

export const currencies: Readonly<Record<string, Currency>> = {
  $: dollar,
  "€": { one: "euro", many: "euros", cent: "cent", cents: "cents" },
  "£": { one: "pound", many: "pounds", cent: "penny", cents: "pence" },
  "¥": { one: "yen", many: "yen", cent: "sen", cents: "sen" },
  "₹": { one: "rupee", many: "rupees", cent: "paisa", cents: "paise" },
  "₩": { one: "won", many: "won", cent: "jeon", cents: "jeon" },
};

/** Currency codes written before an amount, as the symbol the money rule reads. */
export const currencyCodes: Readonly<Record<string, string>> = { USD: "$", US$: "$", EUR: "€", GBP: "£", JPY: "¥", INR: "₹", Rs: "₹", "Rs.": "₹" };

/** "Chapter IV" → "Chapter four". */
export const romanCardinalContexts = [
  "Star Wars Episode", "Final Fantasy", "Super Bowl", "World War", "Chapter", "chapter", "Part", "part", "Act", "Scene", "Section", "section",
  "Volume", "volume", "Book", "book", "Phase", "phase", "Article", "article", "Mark", "Type", "type", "Level", "level", "Stage", "stage",
  "Class", "class", "Grade", "grade", "Apollo", "Gemini", "Episode", "Round", "round", "Rocky",
];

/** "Henry VIII" → "Henry the eighth". */
export const romanOrdinalContexts = [
  "Victor Emmanuel", "John Paul", "Pope", "King", "Queen", "Henry", "Louis", "Edward", "George", "William", "Charles", "James", "Richard",
  "Elizabeth", "Napoleon", "Pius", "Benedict", "Leo", "Ramses", "Frederick", "Philip", "Alexander", "Nicholas", "Peter", "Catherine", "Ivan",
  "Umberto", "Gustav", "Christian", "Ferdinand",
];

/** Symbols said as words ("" drops them). */
export const symbolWords: Readonly<Record<string, string>> = {
  "±": " plus or minus ", "×": " times ", "÷": " divided by ", "©": " copyright ", "§": " section ", "¶": " paragraph ", "™": "", "®": "",
  "•": ", ", "→": " to ", "←": " ", "²": " squared", "³": " cubed", "^": " to the power of ", "\\": " ",
};

/** US states and DC by postal code, read out before a ZIP code ("Portland, OR 97201"), where "OR" cannot be the word. */
export const usStates: Readonly<Record<string, string>> = {
  AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado", CT: "Connecticut", DE: "Delaware",
  DC: "D C", FL: "Florida", GA: "Georgia", HI: "Hawaii", ID: "Idaho", IL: "Illinois", IN: "Indiana", IA: "Iowa", KS: "Kansas",
  KY: "Kentucky", LA: "Louisiana", ME: "Maine", MD: "Maryland", MA: "Massachusetts", MI: "Michigan", MN: "Minnesota",
  MS: "Mississippi", MO: "Missouri", MT: "Montana", NE: "Nebraska", NV: "Nevada", NH: "New Hampshire", NJ: "New Jersey",
  NM: "New Mexico", NY: "New York", NC: "North Carolina", ND: "North Dakota", OH: "Ohio", OK: "Oklahoma", OR: "Oregon",
  PA: "Pennsylvania", RI: "Rhode Island", SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah",
  VT: "Vermont", VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
};
