-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "caller_left_at" TIMESTAMPTZ(3);
