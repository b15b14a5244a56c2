import { z } from "zod";

/**
 * The room metadata of an outbound call, written when the call is placed and
 * read by the worker that joins the room: which conversation it belongs to
 * and what to say first.
 */
const outboundCallMetadataSchema = z.object({
  conversationId: z.uuid(),
  purpose: z.string().min(1),
  direction: z.literal("outbound"),
});

export type OutboundCall = z.infer<typeof outboundCallMetadataSchema>;

export function outboundCallMetadata(call: Omit<OutboundCall, "direction">): string {
  return JSON.stringify({ conversationId: call.conversationId, purpose: call.purpose, direction: "outbound" } satisfies OutboundCall);
}

/** The outbound call a room was created for, or undefined for any other room (inbound calls, web visitors). */
export function parseOutboundCall(metadata: string | undefined): OutboundCall | undefined {
  if (!metadata) return undefined;
  try {
    const parsed = outboundCallMetadataSchema.safeParse(JSON.parse(metadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The identity the callee's SIP participant gets: the worker waits for exactly this one. */
export function calleeIdentity(conversationId: string): string {
  return `callee-${conversationId}`;
}
