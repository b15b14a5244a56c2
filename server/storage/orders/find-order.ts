import type { OrderInfo } from "../../core/dialogue/dialogue-ports";
import { db } from "../db";

export async function findOrder(orderNumber: string): Promise<OrderInfo | null> {
  return db().order.findUnique({
    where: { orderNumber },
    select: {
      orderNumber: true,
      customerName: true,
      status: true,
      items: true,
      totalCents: true,
      placedAt: true,
      eta: true,
      // For the verification check in the core; never said, shown or sent to the LLM.
      customerEmail: true,
      postcode: true,
      customerPhone: true,
    },
  });
}
