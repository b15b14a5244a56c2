-- CreateTable
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "conversation_id" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "mime_type" TEXT NOT NULL,
    "caller_path" TEXT,
    "agent_path" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "peaks" DOUBLE PRECISION[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recording_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL,
    "retention_days" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recording_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "recordings_conversation_id_idx" ON "recordings"("conversation_id");

-- CreateIndex
CREATE INDEX "recordings_created_at_idx" ON "recordings"("created_at");

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
