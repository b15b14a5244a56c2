import { Badge } from "@/components/ui/badge";
import type { ConversationToolCall } from "@/server/storage/conversations/get-conversation";
import { formatMs, formatTime } from "./format";

function Json({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap break-all rounded-lg bg-stone-900 p-2 font-mono text-xs text-stone-100">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

export function ToolCalls({ calls }: { calls: ConversationToolCall[] }) {
  if (calls.length === 0) return <p className="text-sm text-stone-500">The agent called no tools.</p>;
  return (
    <ul className="space-y-4" data-testid="tool-calls">
      {calls.map((call) => (
        <li key={call.id} data-testid="tool-call">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-mono font-semibold text-stone-900">{call.name}</span>
            {call.error ? <Badge tone="red">error</Badge> : <Badge tone="green">ok</Badge>}
            <span className="text-xs text-stone-500">
              {formatTime(call.startedAt)} · {formatMs(call.durationMs)}
            </span>
          </div>
          <div className="mt-1 grid gap-2 md:grid-cols-2">
            <div>
              <p className="text-xs font-medium text-stone-500">Arguments</p>
              <Json value={call.arguments} />
            </div>
            <div>
              <p className="text-xs font-medium text-stone-500">{call.error ? "Error" : "Result"}</p>
              {call.error ? <p className="mt-1 text-sm text-red-700">{call.error}</p> : <Json value={call.result ?? null} />}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
