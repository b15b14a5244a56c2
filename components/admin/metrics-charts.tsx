"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AdminMetrics } from "@/server/storage/metrics/get-admin-metrics";
import { STAGE_COLORS } from "./latency-waterfall";

const CHANNEL_COLORS = { web: "#0ea5e9", phone: "#8b5cf6", chat: "#a8a29e" };
const stageLabel: Record<string, string> = {
  endOfTurnMs: "End of turn",
  sttMs: "STT",
  llmFirstTokenMs: "LLM first token",
  ttsFirstByteMs: "TTS first byte",
  voiceToVoiceMs: "Voice-to-voice",
};
const axis = { tick: { fontSize: 12 } };

export function ConversationsPerDayChart({ data }: { data: AdminMetrics["conversationsPerDay"] }) {
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="chart-per-day">
      <ResponsiveContainer>
        <BarChart data={data.map((d) => ({ ...d, day: d.day.slice(5) }))}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" {...axis} />
          <YAxis allowDecimals={false} {...axis} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="web" name="Web voice" stackId="c" fill={CHANNEL_COLORS.web} isAnimationActive={false} />
          <Bar dataKey="phone" name="Phone" stackId="c" fill={CHANNEL_COLORS.phone} isAnimationActive={false} />
          <Bar dataKey="chat" name="Chat" stackId="c" fill={CHANNEL_COLORS.chat} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function VoiceToVoiceChart({ data }: { data: AdminMetrics["voiceToVoiceByDay"] }) {
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="chart-v2v">
      <ResponsiveContainer>
        <LineChart data={data.map((d) => ({ ...d, day: d.day.slice(5) }))}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" {...axis} />
          <YAxis unit=" ms" width={70} {...axis} />
          <Tooltip formatter={(value) => `${String(value)} ms`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="p50Ms" name="p50" stroke="#0ea5e9" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          <Line type="monotone" dataKey="p95Ms" name="p95" stroke="#f59e0b" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function StageBreakdownChart({ data }: { data: AdminMetrics["stages"] }) {
  const rows = data.map((s) => ({ stage: stageLabel[s.stage] ?? s.stage, p50: s.p50Ms, p95: s.p95Ms }));
  return (
    <div style={{ width: "100%", height: 260 }} data-testid="chart-stages">
      <ResponsiveContainer>
        <BarChart data={rows} layout="vertical" margin={{ left: 16 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" unit=" ms" {...axis} />
          <YAxis type="category" dataKey="stage" width={110} {...axis} />
          <Tooltip formatter={(value) => `${String(value)} ms`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="p50" name="p50" fill={STAGE_COLORS.stt} isAnimationActive={false} />
          <Bar dataKey="p95" name="p95" fill={STAGE_COLORS.llmFirstToken} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function TopIntentsChart({ data }: { data: AdminMetrics["topIntents"] }) {
  if (data.length === 0) return <p className="text-sm text-stone-500">No intents recorded in this range.</p>;
  return (
    <div style={{ width: "100%", height: 40 + data.length * 30 }} data-testid="chart-intents">
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ left: 16 }}>
          <XAxis type="number" allowDecimals={false} {...axis} />
          <YAxis type="category" dataKey="intent" width={120} {...axis} />
          <Tooltip />
          <Bar dataKey="count" name="turns" fill={STAGE_COLORS.ttsFirstByte} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
