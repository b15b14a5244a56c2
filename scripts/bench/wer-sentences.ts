/**
 * The word-error-rate test set for scripts/bench-stt-wer.ts, besides the
 * business profile's own intent examples (read from config/business-profile.json
 * at run time). Written as they are spoken: order numbers digit by digit,
 * dates and times in words. References are compared in lowercase without
 * punctuation.
 */
export interface WerSentence {
  readonly kind: "order number" | "name" | "date" | "knowledge" | "out of domain";
  readonly text: string;
  /** For order-number sentences: what the dialogue's slot parser must get from the transcript. */
  readonly orderNumber?: string;
}

export const werSentences: readonly WerSentence[] = [
  { kind: "order number", text: "my order number is four two seven one", orderNumber: "4271" },
  { kind: "order number", text: "order five five eight three", orderNumber: "5583" },
  { kind: "order number", text: "can you check order number nine one zero six", orderNumber: "9106" },
  { kind: "order number", text: "it is order three eight two seven", orderNumber: "3827" },
  { kind: "order number", text: "the number is six zero four nine", orderNumber: "6049" },
  { kind: "order number", text: "where is order seven seven one two", orderNumber: "7712" },
  { kind: "order number", text: "order one four six eight five", orderNumber: "14685" },
  { kind: "order number", text: "i placed order two nine three zero yesterday", orderNumber: "2930" },
  { kind: "order number", text: "my order is eight one five two", orderNumber: "8152" },
  { kind: "order number", text: "status of order four four zero one please", orderNumber: "4401" },
  { kind: "name", text: "my name is sarah johnson" },
  { kind: "name", text: "this is michael brown calling" },
  { kind: "name", text: "the booking is under emily davis" },
  { kind: "name", text: "my name is david miller" },
  { kind: "name", text: "i am jennifer wilson" },
  { kind: "name", text: "please put it under robert taylor" },
  { kind: "name", text: "my name is linda anderson" },
  { kind: "name", text: "it is for james thomas" },
  { kind: "date", text: "can i book a table for next friday" },
  { kind: "date", text: "i would like a reservation on march fifth" },
  { kind: "date", text: "are you open on new year's day" },
  { kind: "date", text: "do you have space on saturday the twelfth" },
  { kind: "date", text: "i want to book for the second of june" },
  { kind: "date", text: "a table for four tomorrow at seven" },
  { kind: "date", text: "is the cafe open on monday morning" },
  { kind: "date", text: "we need a room on december twentieth" },
  { kind: "knowledge", text: "do you have oat milk" },
  { kind: "knowledge", text: "is there parking near the cafe" },
  { kind: "knowledge", text: "do you have gluten free bread" },
  { kind: "knowledge", text: "how much is a cappuccino" },
  { kind: "knowledge", text: "can i bring my dog" },
  { kind: "knowledge", text: "do you have free wifi" },
  { kind: "out of domain", text: "what is the weather like today" },
  { kind: "out of domain", text: "can you recommend a good hotel nearby" },
  { kind: "out of domain", text: "how far is the train station" },
  { kind: "out of domain", text: "who won the game last night" },
  { kind: "out of domain", text: "i lost my umbrella there yesterday" },
  { kind: "out of domain", text: "are you hiring at the moment" },
  { kind: "out of domain", text: "can i pay with a credit card" },
  { kind: "out of domain", text: "do you sell gift cards" },
  { kind: "out of domain", text: "my daughter has a birthday party next week" },
  { kind: "out of domain", text: "the music was too loud last time" },
  { kind: "out of domain", text: "could you call me back later" },
  { kind: "out of domain", text: "i think i was charged twice" },
];
