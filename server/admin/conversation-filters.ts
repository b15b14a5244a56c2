import { z } from "zod";
import { CONVERSATION_OUTCOMES } from "../core/ports";
import type { ConversationCursor, SearchConversationsOptions } from "../storage/conversations/search-conversations";

const DAY_MS = 86_400_000;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** `YYYY-MM-DD` (a whole UTC day) or an ISO date-time. */
const dateParam = z
  .string()
  .refine((s) => (dateOnly.test(s) || s.includes("T")) && !Number.isNaN(Date.parse(s)), {
    message: "must be a date (YYYY-MM-DD) or an ISO date-time",
  });

const cursorParam = z.string().transform((raw, ctx): ConversationCursor => {
  const decoded = Buffer.from(raw, "base64url").toString("utf8");
  const match = /^(older|newer)\|(\d{4}-\d{2}-\d{2}T[\d:.]+Z)\|([0-9a-f-]{36})$/.exec(decoded);
  if (!match) {
    ctx.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
    return z.NEVER;
  }
  return { direction: match[1] as "older" | "newer", startedAt: new Date(match[2]!), id: match[3]! };
});

export const conversationFiltersSchema = z
  .object({
    channel: z.enum(["web", "phone", "chat"]).optional(),
    outcome: z.enum([...CONVERSATION_OUTCOMES, "ongoing"]).optional(),
    direction: z.enum(["inbound", "outbound"]).optional(),
    q: z.string().trim().max(200, "must be at most 200 characters").optional(),
    from: dateParam.optional(),
    to: dateParam.optional(),
    page: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(10_000, "must be at most 10000").default(1),
    pageSize: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(200, "must be at most 200").default(50),
    cursor: cursorParam.optional(),
  })
  .transform((filters) => ({
    ...filters,
    from: filters.from ? new Date(filters.from) : undefined,
    // A date-only `to` includes that whole day.
    to: filters.to ? new Date(new Date(filters.to).getTime() + (dateOnly.test(filters.to) ? DAY_MS : 0)) : undefined,
    toParam: filters.to,
    fromParam: filters.from,
  }))
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: "from must be before to", path: ["from"] });

export type ConversationFilters = z.output<typeof conversationFiltersSchema>;

/** Query-string values (first of each; empty fields of a GET form count as absent). */
export function filtersInput(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const entries: [string, string][] =
    params instanceof URLSearchParams
      ? [...params.keys()].map((key) => [key, params.get(key) ?? ""])
      : Object.entries(params).map(([key, value]) => [key, (Array.isArray(value) ? value[0] : value) ?? ""]);
  return Object.fromEntries(entries.filter(([, value]) => value.trim() !== ""));
}

export function toSearchOptions(filters: ConversationFilters): SearchConversationsOptions {
  return {
    channel: filters.channel,
    outcome: filters.outcome,
    direction: filters.direction,
    q: filters.q || undefined,
    from: filters.from,
    to: filters.to,
    pageSize: filters.pageSize,
    offset: (filters.page - 1) * filters.pageSize,
    cursor: filters.cursor,
  };
}

export function encodeCursor(cursor: ConversationCursor): string {
  return Buffer.from(`${cursor.direction}|${cursor.startedAt.toISOString()}|${cursor.id}`).toString("base64url");
}

/** Cursors for the neighbouring pages of a result (null at either end). */
export function pageCursors(
  filters: ConversationFilters,
  result: { conversations: { id: string; startedAt: Date }[]; hasMore: boolean },
): { nextCursor: string | null; prevCursor: string | null } {
  const first = result.conversations[0];
  const last = result.conversations.at(-1);
  const readingNewer = filters.cursor?.direction === "newer";
  const hasOlder = readingNewer || result.hasMore;
  const hasNewer = readingNewer ? result.hasMore : filters.cursor !== undefined || filters.page > 1;
  return {
    nextCursor: last && hasOlder ? encodeCursor({ direction: "older", startedAt: last.startedAt, id: last.id }) : null,
    prevCursor: first && hasNewer ? encodeCursor({ direction: "newer", startedAt: first.startedAt, id: first.id }) : null,
  };
}
