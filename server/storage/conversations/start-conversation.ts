import type { ChannelKind } from "../../core/ports";
import { db } from "../db";
import { Prisma } from "../generated/prisma";

export interface StartConversationOptions {
  channel: ChannelKind;
  /** The LiveKit room; a room dispatched twice maps to one conversation. */
  roomName?: string;
  callerNumber?: string;
  direction?: "inbound" | "outbound";
}

/**
 * Opens a conversation, or returns the one already open for `roomName` (LiveKit
 * may dispatch a room to a worker again after a restart; chat has no room and
 * always starts a new one).
 */
export async function startConversation(options: StartConversationOptions): Promise<{ id: string }> {
  const { channel, roomName, callerNumber, direction = "inbound" } = options;
  if (roomName === undefined) {
    return db().conversation.create({
      data: { channel, callerNumber, direction },
      select: { id: true },
    });
  }
  try {
    return await db().conversation.upsert({
      where: { roomName },
      create: { channel, roomName, callerNumber, direction },
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
