-- AlterTable
ALTER TABLE "admin_users" ADD COLUMN     "managed_by_env" BOOLEAN NOT NULL DEFAULT false;

-- Every account so far was created from ADMIN_EMAIL / ADMIN_PASSWORD.
UPDATE "admin_users" SET "managed_by_env" = true;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "customer_email" TEXT,
ADD COLUMN     "customer_phone" TEXT,
ADD COLUMN     "postcode" TEXT;

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "login_attempts_at_idx" ON "login_attempts"("at");
