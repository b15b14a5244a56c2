import type { ToolCallRecord } from "../../core/dialogue/dialogue-ports";
import { redactDeep, redactPii } from "../../core/dialogue/pii";
import { db } from "../db";
import type { Prisma } from "../generated/prisma";

/** Stores a tool call with its arguments, result or error, PII redacted; a retry with the same id adds nothing. */
export async function recordToolCall(record: ToolCallRecord): Promise<void> {
  await db().toolCall.createMany({
    skipDuplicates: true,
    data: {
      ...(record.id ? { id: record.id } : {}),
      conversationId: record.conversationId,
      name: record.name,
      arguments: redactJson(record.arguments ?? {}),
      result: record.result === undefined ? undefined : redactJson(record.result),
      error: record.error ? redactPii(record.error).text : null,
      startedAt: record.startedAt,
      durationMs: record.durationMs,
    },
  });
}

/** Each string on its own, then plain JSON (redacting the serialised text missed numbers after escapes). */
function redactJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(redactDeep(value ?? null))) as Prisma.InputJsonValue;
}
