import type { Logger } from "../core/log";
import type { Env } from "../env";
import { reopenConversation } from "../storage/conversations/reopen-conversation";
import { readResumeTicket } from "./resume-ticket";

/** How long the old room's job may take to end the conversation after the visitor left (it takes well under 2 s). */
const ENDING_WAIT_MS = 3000;
const ENDING_POLL_MS = 200;

/**
 * A reload within the grace period: the conversation of the room named by the
 * visitor's resume ticket moves to their new room and is open again, so the
 * agent joining the new room continues it. Returns its id, or undefined when
 * the ticket is not valid or the conversation is not there to continue.
 */
export async function resumeVisit(input: { ticket: string; roomName: string; config: Env; log: Logger }): Promise<string | undefined> {
  const { config, roomName, log } = input;
  if (config.RECONNECT_GRACE_MS === 0) return undefined;
  const claim = readResumeTicket(input.ticket, config.LIVEKIT_API_SECRET);
  // A ticket is good for the longest call plus the grace period after it.
  if (!claim || Date.now() - claim.issuedAt > config.MAX_CALL_DURATION_MS + config.RECONNECT_GRACE_MS + 5 * 60_000) return undefined;
  const deadline = Date.now() + ENDING_WAIT_MS;
  for (;;) {
    const reopened = await reopenConversation({ previousRoomName: claim.roomName, roomName, graceMs: config.RECONNECT_GRACE_MS });
    if (reopened !== "still-open") {
      if (reopened) log.info("conversation resumed in a new room", { conversationId: reopened.id, from: claim.roomName, room: roomName });
      return reopened?.id;
    }
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, ENDING_POLL_MS));
  }
}
