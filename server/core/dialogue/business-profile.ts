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
    .enum(["get_order_status", "get_business_hours", "search_knowledge_base", "transfer_to_human", "end_conversation", "check_gift_card_balance"])
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

export const businessProfileSchema = z
  .object({
    name: z.string().min(1),
    greeting: z.string().min(1),
    /** How the agent opens a call it placed; {name} and {purpose} are filled in. */
    outboundGreeting: z.string().min(1).optional(),
    hours: z.object({ spoken: z.string().min(1), written: z.string().min(1) }),
    address: z.object({ spoken: z.string().min(1), written: z.string().min(1) }),
    phone: z.string().optional(),
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
export type KeypadMenu = z.infer<typeof keypadMenuSchema>;

export function parseBusinessProfile(json: unknown): BusinessProfile {
  return businessProfileSchema.parse(json);
}
