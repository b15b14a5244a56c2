import { createHash } from "node:crypto";
import type { GiftCardInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";

/** The card's number as stored: a sha256, never the digits. */
export function giftCardNumberHash(cardNumber: string): string {
  return createHash("sha256").update(cardNumber).digest("hex");
}

export async function findGiftCard(cardNumber: string): Promise<GiftCardInfo | null> {
  return db().giftCard.findUnique({
    where: { numberSha256: giftCardNumberHash(cardNumber) },
    select: { last4: true, balanceCents: true },
  });
}
