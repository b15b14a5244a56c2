import { randomUUID } from "node:crypto";
import { redactPii } from "../../core/dialogue/pii";
import { AppError } from "../../core/errors";
import type { NewTurn } from "../../core/ports";
import { db } from "../db";
import { Prisma } from "../generated/prisma";

export type AppendTurnOptions = NewTurn;

/** Concurrent appends to one conversation that may each lose the race for a seq. */
const MAX_ATTEMPTS = 8;

/**
 * Appends a turn with the next `seq` of its conversation (1, 2, 3, ...).
 *
 * The seq is computed inside the INSERT itself; two concurrent appends can
 * still read the same MAX(seq) (each statement sees its own snapshot), and the
 * unique (conversation_id, seq) index then rejects the second, which retries.
 */
export async function appendTurn(options: AppendTurnOptions): Promise<{ id: string; seq: number }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertNextTurn(options);
    } catch (error) {
      if (isUniqueViolation(error) && attempt < MAX_ATTEMPTS) continue;
      if (isForeignKeyViolation(error)) {
        throw new AppError("NOT_FOUND", `conversation ${options.conversationId} not found`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}

async function insertNextTurn(options: AppendTurnOptions): Promise<{ id: string; seq: number }> {
  const { conversationId, role, kind = "spoken", startedAt, endedAt, intent, interrupted, latency, id = randomUUID() } = options;
  // Redacted here, at the last step before storage, so no caller can forget it.
  const text = redactPii(options.text).text;
  const rows = await db().$queryRaw<{ id: string; seq: number }[]>`
    INSERT INTO turns (
      id, conversation_id, seq, role, kind, text, intent, started_at, ended_at, interrupted,
      end_of_turn_ms, stt_ms, llm_first_token_ms, tts_first_byte_ms, voice_to_voice_ms, text_search
    )
    SELECT
      ${id}::uuid, ${conversationId}::uuid, COALESCE(MAX(seq), 0) + 1,
      ${role}::"TurnRole", ${kind}::"TurnKind", ${text}, ${intent ?? null},
      ${startedAt.toISOString()}::timestamptz(3), ${endedAt?.toISOString() ?? null}::timestamptz(3),
      ${interrupted ?? false},
      ${latency?.endOfTurnMs ?? null}::int, ${latency?.sttMs ?? null}::int,
      ${latency?.llmFirstTokenMs ?? null}::int, ${latency?.ttsFirstByteMs ?? null}::int,
      ${latency?.voiceToVoiceMs ?? null}::int,
      to_tsvector('english', ${text})
    FROM turns
    WHERE conversation_id = ${conversationId}::uuid
    ON CONFLICT (id) DO NOTHING
    RETURNING id, seq`;
  // Nothing inserted: this id is stored already (a retried write whose first attempt landed).
  const row = rows[0] ?? (await db().$queryRaw<{ id: string; seq: number }[]>`SELECT id, seq FROM turns WHERE id = ${id}::uuid`)[0];
  if (!row) throw new AppError("INTERNAL", "INSERT ... RETURNING gave no row");
  return row;
}

function postgresCode(error: unknown): string | undefined {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return undefined;
  // Raw queries report P2010 and carry the Postgres SQLSTATE in the adapter's cause.
  const cause = (error.meta?.driverAdapterError as { cause?: { originalCode?: unknown } } | undefined)
    ?.cause;
  return typeof cause?.originalCode === "string" ? cause.originalCode : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return postgresCode(error) === "23505";
}

function isForeignKeyViolation(error: unknown): boolean {
  return postgresCode(error) === "23503";
}
