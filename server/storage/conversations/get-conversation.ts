import type { ChannelKind, TurnKind, TurnLatency } from "../../core/ports";
import { db } from "../db";
import type { ConversationOutcome } from "../../core/ports";

export interface ConversationTurn {
  id: string;
  seq: number;
  role: "user" | "agent";
  kind: TurnKind;
  text: string;
  intent?: string;
  startedAt: Date;
  endedAt?: Date;
  interrupted: boolean;
  /** Present when any stage was measured (voice turns). */
  latency?: TurnLatency;
}

export interface ConversationToolCall {
  id: string;
  turnId?: string;
  name: string;
  arguments: unknown;
  result?: unknown;
  error?: string;
  startedAt: Date;
  durationMs?: number;
}

export interface ConversationDetail {
  id: string;
  channel: ChannelKind;
  direction: "inbound" | "outbound";
  roomName?: string;
  callerNumber?: string;
  startedAt: Date;
  endedAt?: Date;
  outcome?: ConversationOutcome;
  /** Why it ended, when the outcome alone does not say (e.g. "no answer", "media timeout"). */
  endReason?: string;
  /** When the caller left (disconnected, hung up), if they did. */
  callerLeftAt?: Date;
  /** ms from the caller leaving to the conversation being ended. */
  leaveToEndMs?: number;
  /** What an outbound call was placed for. */
  purpose?: string;
  summary?: string;
  /** What a human taking over was told (set on transfer). */
  handoffSummary?: string;
  /** In conversation order (seq). */
  turns: ConversationTurn[];
  /** In the order they were started. */
  toolCalls: ConversationToolCall[];
}

/** One conversation with its turns and tool calls, or null when there is none. */
export async function getConversation(options: { id: string }): Promise<ConversationDetail | null> {
  const row = await db().conversation.findUnique({
    where: { id: options.id },
    include: {
      turns: { orderBy: { seq: "asc" } },
      toolCalls: { orderBy: [{ startedAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    channel: row.channel,
    direction: row.direction,
    roomName: row.roomName ?? undefined,
    callerNumber: row.callerNumber ?? undefined,
    startedAt: row.startedAt,
    endedAt: row.endedAt ?? undefined,
    outcome: row.outcome ?? undefined,
    endReason: row.endReason ?? undefined,
    callerLeftAt: row.callerLeftAt ?? undefined,
    leaveToEndMs: row.callerLeftAt && row.endedAt ? Math.max(0, row.endedAt.getTime() - row.callerLeftAt.getTime()) : undefined,
    purpose: row.purpose ?? undefined,
    summary: row.summary ?? undefined,
    handoffSummary: row.handoffSummary ?? undefined,
    turns: row.turns.map((turn) => ({
      id: turn.id,
      seq: turn.seq,
      role: turn.role,
      kind: turn.kind,
      text: turn.text,
      intent: turn.intent ?? undefined,
      startedAt: turn.startedAt,
      endedAt: turn.endedAt ?? undefined,
      interrupted: turn.interrupted,
      latency: latencyOf(turn),
    })),
    toolCalls: row.toolCalls.map((call) => ({
      id: call.id,
      turnId: call.turnId ?? undefined,
      name: call.name,
      arguments: call.arguments,
      result: call.result ?? undefined,
      error: call.error ?? undefined,
      startedAt: call.startedAt,
      durationMs: call.durationMs ?? undefined,
    })),
  };
}

function latencyOf(turn: {
  endOfTurnMs: number | null;
  sttMs: number | null;
  llmFirstTokenMs: number | null;
  ttsFirstByteMs: number | null;
  voiceToVoiceMs: number | null;
}): TurnLatency | undefined {
  const latency: TurnLatency = {
    endOfTurnMs: turn.endOfTurnMs ?? undefined,
    sttMs: turn.sttMs ?? undefined,
    llmFirstTokenMs: turn.llmFirstTokenMs ?? undefined,
    ttsFirstByteMs: turn.ttsFirstByteMs ?? undefined,
    voiceToVoiceMs: turn.voiceToVoiceMs ?? undefined,
  };
  return Object.values(latency).some((ms) => ms !== undefined) ? latency : undefined;
}
