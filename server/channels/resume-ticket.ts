import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A web visitor's claim on their voice room, handed out with the room's token
 * and kept by the page (sessionStorage) so a reload can ask to continue the
 * same conversation. It names the room and when it was issued, signed with the
 * server's secret: nobody can resume a conversation whose room they were not given.
 */
export function mintResumeTicket(roomName: string, secret: string, now = Date.now()): string {
  const body = `${roomName}.${now.toString(36)}`;
  return `${body}.${sign(body, secret)}`;
}

/** The room a ticket was issued for, or undefined when it is malformed or not ours. */
export function readResumeTicket(ticket: string, secret: string): { roomName: string; issuedAt: number } | undefined {
  const match = /^(web-[0-9a-f-]{36})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket);
  if (!match) return undefined;
  const [, roomName, issued, signature] = match as unknown as [string, string, string, string];
  const expected = Buffer.from(sign(`${roomName}.${issued}`, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  return { roomName, issuedAt: parseInt(issued, 36) };
}

function sign(body: string, secret: string): string {
  return createHmac("sha256", `resume-ticket:${secret}`).update(body).digest("base64url");
}
