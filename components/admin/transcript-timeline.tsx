import { Badge } from "@/components/ui/badge";
import type { ConversationTurn } from "@/server/storage/conversations/get-conversation";
import { formatMs } from "./format";
import { RedactedText } from "./redacted-text";

function offset(startedAt: Date, origin: Date): string {
  const seconds = Math.max(0, Math.round((startedAt.getTime() - origin.getTime()) / 1000));
  return `+${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** With `recordingStartedAt`, each turn carries its offset in the recording: clicking it seeks the player there. */
export function TranscriptTimeline({ turns, startedAt, recordingStartedAt }: { turns: ConversationTurn[]; startedAt: Date; recordingStartedAt?: Date }) {
  if (turns.length === 0) return <p className="text-sm text-stone-500">No turns recorded.</p>;
  return (
    <ol className="relative space-y-4 border-l-2 border-stone-200 pl-5" data-testid="transcript-timeline">
      {turns.map((turn) => {
        const agent = turn.role === "agent";
        return (
          <li
            key={turn.id}
            className={`relative ${recordingStartedAt ? "cursor-pointer" : ""}`}
            data-testid="admin-turn"
            data-role={turn.role}
            data-kind={turn.kind}
            title={recordingStartedAt ? "Play the recording from this turn" : undefined}
            data-seek-ms={recordingStartedAt ? Math.max(0, turn.startedAt.getTime() - recordingStartedAt.getTime()) : undefined}
          >
            <span className={`absolute -left-[1.72rem] top-1.5 h-3 w-3 rounded-full ring-4 ring-white ${agent ? "bg-amber-500" : "bg-sky-500"}`} />
            <div className="flex flex-wrap items-center gap-2 text-xs text-stone-500">
              <span className={`font-semibold uppercase tracking-wide ${agent ? "text-amber-700" : "text-sky-700"}`}>{agent ? "Agent" : "Caller"}</span>
              <span className="font-mono">{offset(turn.startedAt, startedAt)}</span>
              {turn.kind === "keypad" && <Badge tone="violet" title="entered on the phone keypad">keypad</Badge>}
              {turn.intent && <Badge>{turn.intent}</Badge>}
              {turn.interrupted && <Badge tone="amber">interrupted</Badge>}
              {turn.latency?.voiceToVoiceMs !== undefined && <span title="voice-to-voice latency of the reply">v2v {formatMs(turn.latency.voiceToVoiceMs)}</span>}
            </div>
            <p className={`mt-1 max-w-3xl rounded-lg px-3 py-2 text-sm leading-relaxed ${agent ? "bg-amber-50 text-stone-900" : "bg-sky-50 text-stone-900"}`}>
              <RedactedText text={turn.text} />
            </p>
          </li>
        );
      })}
    </ol>
  );
}
