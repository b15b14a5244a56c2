import type { ToolCallRecord } from "../../core/dialogue/dialogue-ports";
import { redactPii } from "../../core/dialogue/pii";
import { db } from "../db";
import type { Prisma } from "../generated/prisma";

/** Stores a tool call with its arguments, result or error, PII redacted. */
export async function recordToolCall(record: ToolCallRecord): Promise<void> {
  await db().toolCall.create({
    data: {
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

function redactJson(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(redactPii(JSON.stringify(value ?? null)).text) as Prisma.InputJsonValue;
}
