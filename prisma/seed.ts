/**
 * Demo data for the order-status intent: `npx tsx prisma/seed.ts` (also run by
 * `prisma migrate dev` / `migrate reset`). Idempotent: re-running updates the
 * same eight orders in place. Statuses, items and totals are fixed (tests and
 * the demo script rely on them); dates are relative to today so "placed three
 * days ago, arriving Thursday" stays plausible.
 */
import { ensureAdminUser } from "../server/storage/admin/ensure-admin";
import { db, disconnectDb } from "../server/storage/db";
import { giftCardNumberHash } from "../server/storage/gift-cards/find-gift-card";

const DAY_MS = 24 * 60 * 60 * 1000;

interface DemoOrder {
  orderNumber: string;
  customerName: string;
  status: "processing" | "shipped" | "delivered";
  items: string;
  totalCents: number;
  placedDaysAgo: number;
  /** Days from today; negative = delivered in the past; null = not scheduled yet. */
  etaInDays: number | null;
}

const demoOrders: DemoOrder[] = [
  { orderNumber: "4271", customerName: "Maria Lopez", status: "shipped", items: "2 bags of house blend coffee beans, 1 ceramic pour-over dripper", totalCents: 4850, placedDaysAgo: 3, etaInDays: 2 },
  { orderNumber: "4272", customerName: "James Carter", status: "processing", items: "1 espresso machine descaler kit", totalCents: 1999, placedDaysAgo: 1, etaInDays: null },
  { orderNumber: "4273", customerName: "Aisha Khan", status: "delivered", items: "12 almond croissants for an office breakfast", totalCents: 3600, placedDaysAgo: 6, etaInDays: -4 },
  { orderNumber: "4274", customerName: "Tom Becker", status: "shipped", items: "1 cold brew bottle set, 3 bags of decaf", totalCents: 6275, placedDaysAgo: 4, etaInDays: 1 },
  { orderNumber: "4275", customerName: "Sofia Rossi", status: "processing", items: "1 gift card worth fifty dollars", totalCents: 5000, placedDaysAgo: 0, etaInDays: 3 },
  { orderNumber: "4276", customerName: "Daniel Kim", status: "delivered", items: "2 travel mugs, 1 bag of single origin Ethiopia", totalCents: 5480, placedDaysAgo: 10, etaInDays: -7 },
  { orderNumber: "4277", customerName: "Emma Wilson", status: "shipped", items: "1 burr grinder", totalCents: 12900, placedDaysAgo: 2, etaInDays: 3 },
  { orderNumber: "4278", customerName: "Lucas Martin", status: "delivered", items: "1 dozen blueberry muffins", totalCents: 2400, placedDaysAgo: 8, etaInDays: -6 },
];

/**
 * What a caller proves an order is theirs with before hearing more than its
 * status (server/core/dialogue/order-verification.ts): the email or postcode
 * on it, or calling from its phone number. Fictional (555-01xx numbers).
 */
const demoCustomers: Record<string, { customerEmail: string; postcode: string; customerPhone: string }> = {
  "4271": { customerEmail: "maria.lopez@example.com", postcode: "PO1 2AB", customerPhone: "+15550104271" },
  "4272": { customerEmail: "james.carter@example.com", postcode: "02134", customerPhone: "+15550104272" },
  "4273": { customerEmail: "aisha.khan@example.com", postcode: "PO5 3CD", customerPhone: "+15550104273" },
  "4274": { customerEmail: "tom.becker@example.com", postcode: "10115", customerPhone: "+15550104274" },
  "4275": { customerEmail: "sofia.rossi@example.com", postcode: "00184", customerPhone: "+15550104275" },
  "4276": { customerEmail: "daniel.kim@example.com", postcode: "94103", customerPhone: "+15550104276" },
  "4277": { customerEmail: "emma.wilson@example.com", postcode: "SW1A 1AA", customerPhone: "+15550104277" },
  "4278": { customerEmail: "lucas.martin@example.com", postcode: "75001", customerPhone: "+15550104278" },
};

/** Demo gift cards for the balance intent (keyed on the phone, redacted in every transcript). */
const demoGiftCards = [
  { number: "6006491234567890", balanceCents: 2350 },
  { number: "6006490000004275", balanceCents: 5000 },
];

/** Midday UTC, so a date never flips to the neighbouring day in US or EU time zones. */
function daysFromToday(days: number): Date {
  const today = new Date();
  const noon = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 12);
  return new Date(noon + days * DAY_MS);
}

async function seed(): Promise<void> {
  for (const order of demoOrders) {
    const data = {
      customerName: order.customerName,
      status: order.status,
      items: order.items,
      totalCents: order.totalCents,
      placedAt: daysFromToday(-order.placedDaysAgo),
      eta: order.etaInDays === null ? null : daysFromToday(order.etaInDays),
      ...demoCustomers[order.orderNumber],
    };
    await db().order.upsert({
      where: { orderNumber: order.orderNumber },
      create: { orderNumber: order.orderNumber, ...data },
      update: data,
    });
  }
  console.log(`seed: ${demoOrders.length} demo orders upserted`);
  for (const card of demoGiftCards) {
    const numberSha256 = giftCardNumberHash(card.number);
    await db().giftCard.upsert({
      where: { numberSha256 },
      create: { numberSha256, last4: card.number.slice(-4), balanceCents: card.balanceCents },
      update: { balanceCents: card.balanceCents },
    });
  }
  console.log(`seed: ${demoGiftCards.length} demo gift cards upserted`);
  // The first admin from ADMIN_EMAIL / ADMIN_PASSWORD (created only if missing).
  await ensureAdminUser();
  console.log("seed: admin account ensured");
}

try {
  await seed();
} catch (error) {
  console.error("seed failed:", error);
  process.exitCode = 1;
} finally {
  await disconnectDb();
}
