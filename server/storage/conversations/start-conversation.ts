import type { ChannelKind } from "../../core/ports";
import { db } from "../db";
import { Prisma } from "../generated/prisma";

export interface StartConversationOptions {
  /** The row's id (a caller that may retry makes it, so a retry finds the row it already wrote). */
  id?: string;
  channel: ChannelKind;
  /** The LiveKit room; a room dispatched twice maps to one conversation. */
  roomName?: string;
  callerNumber?: string;
  direction?: "inbound" | "outbound";
  /** When the conversation began (the worker's clock: the row may be written later than that); now by default. */
  startedAt?: Date;
}

/**
 * Opens a conversation, or returns the one already open for `roomName` (LiveKit
 * may dispatch a room to a worker again after a restart; chat has no room and
 * always starts a new one).
 */
export async function startConversation(options: StartConversationOptions): Promise<{ id: string }> {
  const { id, channel, roomName, callerNumber, direction = "inbound", startedAt } = options;
  if (roomName === undefined) {
    try {
      return await db().conversation.create({
        data: { id, channel, callerNumber, direction, startedAt },
        select: { id: true },
      });
    } catch (error) {
      // A retry of a create that had landed.
      if (id && error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return { id };
      throw error;
    }
  }
  try {
    return await db().conversation.upsert({
      where: { roomName },
      create: { id, channel, roomName, callerNumber, direction, startedAt },
      update: {},
      select: { id: true },
    });
  } catch (error) {
    // Two workers raced to create the same room's row: the loser reads the winner's.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return db().conversation.findUniqueOrThrow({ where: { roomName }, select: { id: true } });
    }
    throw error;
  }
}
