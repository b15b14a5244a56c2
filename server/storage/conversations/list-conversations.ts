import type { ChannelKind } from "../../core/ports";
import { db } from "../db";
import type { Prisma } from "../generated/prisma";
import type { ConversationOutcome } from "../../core/ports";

export interface ListConversationsOptions {
  channel?: ChannelKind;
  /** Case-insensitive substring of any turn's text. */
  q?: string;
  /** Default 50, at most 200. */
  limit?: number;
  /** Only conversations started before this (the previous page's last startedAt). */
  before?: Date;
}

export interface ConversationSummary {
  id: string;
  channel: ChannelKind;
  startedAt: Date;
  endedAt?: Date;
  callerNumber?: string;
  turnCount: number;
  outcome?: ConversationOutcome;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** Conversations, newest first, for the admin list. */
export async function listConversations(
  options: ListConversationsOptions = {},
): Promise<{ conversations: ConversationSummary[] }> {
  const { channel, before } = options;
  const q = options.q?.trim();
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);

  const where: Prisma.ConversationWhereInput = {
    ...(channel ? { channel } : {}),
    ...(before ? { startedAt: { lt: before } } : {}),
    // ILIKE '%q%' over turn text; fine at demo scale, a trigram or full-text
    // index is the upgrade path.
    ...(q ? { turns: { some: { text: { contains: escapeLike(q), mode: "insensitive" } } } } : {}),
  };
  const rows = await db().conversation.findMany({
    where,
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      channel: true,
      startedAt: true,
      endedAt: true,
      callerNumber: true,
      outcome: true,
      _count: { select: { turns: true } },
    },
  });
  return {
    conversations: rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      startedAt: row.startedAt,
      endedAt: row.endedAt ?? undefined,
      callerNumber: row.callerNumber ?? undefined,
      turnCount: row._count.turns,
      outcome: row.outcome ?? undefined,
    })),
  };
}

/** Prisma passes `contains` into LIKE unescaped, so "%" and "_" would be wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
