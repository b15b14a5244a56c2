"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface WaterfallTurn {
  label: string;
  endOfTurnMs?: number;
  sttMs?: number;
  llmFirstTokenMs?: number;
  ttsFirstByteMs?: number;
  voiceToVoiceMs?: number;
}

export const STAGE_COLORS = {
  endOfTurn: "#94a3b8",
  stt: "#0ea5e9",
  llmFirstToken: "#f59e0b",
  ttsFirstByte: "#10b981",
  other: "#e7e5e4",
} as const;

/**
 * One bar per voice turn, stages laid end to end in pipeline order; the grey
 * tail is whatever voice-to-voice time the named stages do not account for
 * (queueing, network), so each bar's length is the turn's voice-to-voice.
 */
export function LatencyWaterfall({ turns }: { turns: WaterfallTurn[] }) {
  if (turns.length === 0) {
    return <p className="text-sm text-stone-500" data-testid="latency-chart-empty">No voice latency recorded (chat, or no measured turns).</p>;
  }
  const data = turns.map((turn) => {
    const named = (turn.endOfTurnMs ?? 0) + (turn.sttMs ?? 0) + (turn.llmFirstTokenMs ?? 0) + (turn.ttsFirstByteMs ?? 0);
    return {
      label: turn.label,
      endOfTurn: turn.endOfTurnMs ?? 0,
      stt: turn.sttMs ?? 0,
      llmFirstToken: turn.llmFirstTokenMs ?? 0,
      ttsFirstByte: turn.ttsFirstByteMs ?? 0,
      other: Math.max(0, (turn.voiceToVoiceMs ?? named) - named),
      voiceToVoice: turn.voiceToVoiceMs,
    };
  });
  return (
    <div data-testid="latency-chart" style={{ width: "100%", height: 80 + data.length * 44 }}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" unit=" ms" tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="label" width={90} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value, name) => [`${String(value)} ms`, name]} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="endOfTurn" name="End of turn" stackId="t" fill={STAGE_COLORS.endOfTurn} isAnimationActive={false} />
          <Bar dataKey="stt" name="STT" stackId="t" fill={STAGE_COLORS.stt} isAnimationActive={false} />
          <Bar dataKey="llmFirstToken" name="LLM first token" stackId="t" fill={STAGE_COLORS.llmFirstToken} isAnimationActive={false} />
          <Bar dataKey="ttsFirstByte" name="TTS first byte" stackId="t" fill={STAGE_COLORS.ttsFirstByte} isAnimationActive={false} />
          <Bar dataKey="other" name="Other (to voice-to-voice)" stackId="t" fill={STAGE_COLORS.other} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
