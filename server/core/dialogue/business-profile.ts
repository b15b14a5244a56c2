import { z } from "zod";

/**
 * The business the agent speaks for: a config file (config/business-profile.json)
 * that admins edit. Intents carry the example phrases the local classifier
 * trains on at start-up and a templated response.
 */

/**
 * Digits the agent asks for before it runs the intent's tool (a card number, a
 * PIN): keyed on the phone keypad and ended with #, or spoken. `sensitive`
 * digits are never stored: the turn and the tool call keep only a redaction.
 */
export const digitCaptureSchema = z
  .object({
    /** The tool argument the digits fill. */
    argument: z.string().regex(/^[a-z_]+$/, "argument names are snake_case"),
    /** What the agent says to ask for them. */
    prompt: z.string().min(1),
    minDigits: z.number().int().min(1).max(32),
    maxDigits: z.number().int().min(1).max(32),
    sensitive: z.boolean().default(false),
  })
  .strict()
  .refine((c) => c.minDigits <= c.maxDigits, { path: ["maxDigits"], message: "maxDigits must be at least minDigits" });

export const intentSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/, "intent names are snake_case"),
  examples: z.array(z.string().min(1)).min(2, "an intent needs at least two example phrases"),
  response: z.string().min(1),
  tool: z
    .enum(["get_order_status", "get_business_hours", "search_knowledge_base", "transfer_to_human", "end_conversation", "check_gift_card_balance", "book_table"])
    .optional(),
  capture: digitCaptureSchema.optional(),
});

/** One key of the phone menu: routes to an intent (with its tool) or answers with a templated response. */
export const keypadMenuOptionSchema = z
  .object({
    key: z.string().regex(/^[0-9]$/, "a menu key is one digit (* clears an entry and # ends one)"),
    /** What the menu says after "press N for": "our opening hours". */
    label: z.string().min(1).max(80),
    intent: z.string().optional(),
    response: z.string().min(1).optional(),
  })
  .strict()
  .refine((o) => (o.intent === undefined) !== (o.response === undefined), { message: "a menu option needs exactly one of intent or response" });

export const keypadMenuSchema = z
  .object({
    /** Leads into the options on the phone: "On your keypad," → "On your keypad, press 1 for …". */
    intro: z.string().min(1).optional(),
    options: z.array(keypadMenuOptionSchema).min(1).max(10),
  })
  .strict();

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time is HH:MM (24-hour)");

/** Open from `open` to `close` on one day, business time. */
const openingSchema = z
  .object({ open: clockTime, close: clockTime })
  .strict()
  .refine((o) => o.open < o.close, { path: ["close"], message: "close must be after open" });

const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] as const;

/**
 * When the business is open, in its own time zone: the week, and dated
 * exceptions (a holiday closed all day, or open with other hours). "Today",
 * "tonight" and bookable times are all resolved against this.
 */
export const calendarSchema = z
  .object({
    /** IANA zone, e.g. America/New_York. */
    timeZone: z.string().refine(validTimeZone, "an IANA time zone such as America/New_York"),
    /** A day left out (or null) is closed. */
    weekly: z.partialRecord(z.enum(weekdayNames), openingSchema.nullable()),
    holidays: z
      .array(
        z
          .object({
            date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date is YYYY-MM-DD"),
            name: z.string().min(1),
            /** Without hours the business is closed that day. */
            open: clockTime.optional(),
            close: clockTime.optional(),
          })
          .strict()
          .refine((h) => (h.open === undefined) === (h.close === undefined), { message: "give both open and close, or neither (closed)" }),
      )
      .default([]),
  })
  .strict();

/** The café's week when a profile names none (matches the demo profile's written hours). */
export const defaultCalendar: z.input<typeof calendarSchema> = {
  timeZone: "America/New_York",
  weekly: {
    monday: { open: "08:00", close: "18:00" },
    tuesday: { open: "08:00", close: "18:00" },
    wednesday: { open: "08:00", close: "18:00" },
    thursday: { open: "08:00", close: "18:00" },
    friday: { open: "08:00", close: "18:00" },
    saturday: { open: "09:00", close: "16:00" },
    sunday: { open: "09:00", close: "16:00" },
  },
  holidays: [],
};

/** What the agent may book: the defaults suit a 48-seat café. */
export const reservationRulesSchema = z
  .object({
    enabled: z.boolean().default(true),
    minPartySize: z.number().int().min(1).default(1),
    maxPartySize: z.number().int().min(1).max(100).default(12),
    /** How long before the booked time a reservation must be made. */
    leadTimeMinutes: z.number().int().min(0).default(60),
    maxDaysAhead: z.number().int().min(1).default(30),
    /** Bookable times fall on this grid (and alternatives are offered on it). */
    slotMinutes: z.number().int().min(5).max(120).default(30),
    /** How long a table is held: a reservation occupies its seats this long. */
    durationMinutes: z.number().int().min(15).default(90),
    /** Seats that reservations may take at any one time (the rest are for walk-ins). */
    seatsPerSlot: z.number().int().min(1).default(24),
    /** The last table starts this long before closing. */
    lastSeatingBeforeCloseMinutes: z.number().int().min(0).default(60),
  })
  .strict()
  .refine((r) => r.minPartySize <= r.maxPartySize, { path: ["maxPartySize"], message: "maxPartySize must be at least minPartySize" });

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const businessProfileSchema = z
  .object({
    name: z.string().min(1),
    greeting: z.string().min(1),
    /** How the agent opens a call it placed; {name} and {purpose} are filled in. */
    outboundGreeting: z.string().min(1).optional(),
    hours: z.object({ spoken: z.string().min(1), written: z.string().min(1) }),
    address: z.object({ spoken: z.string().min(1), written: z.string().min(1) }),
    phone: z.string().optional(),
    calendar: calendarSchema.default(defaultCalendar as z.output<typeof calendarSchema>),
    reservations: reservationRulesSchema.default(reservationRulesSchema.parse({})),
    intents: z.array(intentSchema).min(1),
    /** Phone only: offered after the greeting; a single key press picks an option. */
    keypadMenu: keypadMenuSchema.optional(),
  })
  .superRefine((profile, ctx) => {
    const intents = new Set(profile.intents.map((i) => i.name));
    profile.intents.forEach((intent, i) => {
      if (intent.capture && !intent.tool) {
        ctx.addIssue({ code: "custom", path: ["intents", i, "capture"], message: "a digit capture needs the intent's tool to receive the digits" });
      }
    });
    const seen = new Set<string>();
    profile.keypadMenu?.options.forEach((option, i) => {
      if (seen.has(option.key)) ctx.addIssue({ code: "custom", path: ["keypadMenu", "options", i, "key"], message: `key ${option.key} is used twice` });
      seen.add(option.key);
      if (option.intent !== undefined && !intents.has(option.intent)) {
        ctx.addIssue({ code: "custom", path: ["keypadMenu", "options", i, "intent"], message: `no intent named ${option.intent}` });
      }
    });
  });

export type BusinessProfile = z.infer<typeof businessProfileSchema>;
export type IntentDefinition = z.infer<typeof intentSchema>;
export type DigitCapture = z.infer<typeof digitCaptureSchema>;
export type BusinessCalendar = z.infer<typeof calendarSchema>;
export type ReservationRules = z.infer<typeof reservationRulesSchema>;
export type WeekdayName = (typeof weekdayNames)[number];
export { weekdayNames };
export type KeypadMenu = z.infer<typeof keypadMenuSchema>;

export function parseBusinessProfile(json: unknown): BusinessProfile {
  return businessProfileSchema.parse(json);
}
