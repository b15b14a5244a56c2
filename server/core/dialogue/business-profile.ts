import { z } from "zod";

/**
 * The business the agent speaks for: a config file (config/business-profile.json)
 * that admins edit. Intents carry the example phrases the local classifier
 * trains on at start-up and a templated response.
 */
export const intentSchema = z.object({
  name: z.string().regex(/^[a-z_]+$/, "intent names are snake_case"),
  examples: z.array(z.string().min(1)).min(2, "an intent needs at least two example phrases"),
  response: z.string().min(1),
  tool: z.enum(["get_order_status", "get_business_hours", "search_knowledge_base", "transfer_to_human", "end_conversation"]).optional(),
});

export const businessProfileSchema = z.object({
  name: z.string().min(1),
  greeting: z.string().min(1),
  hours: z.object({ spoken: z.string().min(1), written: z.string().min(1) }),
  address: z.object({ spoken: z.string().min(1), written: z.string().min(1) }),
  phone: z.string().optional(),
  intents: z.array(intentSchema).min(1),
});

export type BusinessProfile = z.infer<typeof businessProfileSchema>;
export type IntentDefinition = z.infer<typeof intentSchema>;

export function parseBusinessProfile(json: unknown): BusinessProfile {
  return businessProfileSchema.parse(json);
}
