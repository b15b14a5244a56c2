-- CreateEnum
CREATE TYPE "TurnKind" AS ENUM ('spoken', 'typed', 'keypad');

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "end_reason" TEXT,
ADD COLUMN     "purpose" TEXT;

-- AlterTable
ALTER TABLE "turns" ADD COLUMN     "kind" "TurnKind" NOT NULL DEFAULT 'spoken';

-- CreateTable
CREATE TABLE "gift_cards" (
    "id" UUID NOT NULL,
    "number_sha256" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "balance_cents" INTEGER NOT NULL,

    CONSTRAINT "gift_cards_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "gift_cards_number_sha256_key" ON "gift_cards"("number_sha256");

