"use client";

import { useEffect, useRef, useState, type CSSProperties, type FormEvent } from "react";
import { useAgentRoom, type AgentRoomOptions } from "./use-agent-room";
import { useChat } from "./use-chat";
import { widgetText } from "./widget-text";

export interface VoiceWidgetProps {
  /** Shown in the header: "<title> assistant". */
  title?: string;
  /** The site's own opening line, shown above the transcript until the conversation starts. */
  greeting?: string;
  /** Accent colour of the mic and send buttons (a validated CSS colour); the product's amber otherwise. */
  accent?: string;
  /** Language of the widget's own words (widget-text.ts). */
  lang?: string;
  /** Replaces the card's size and frame, e.g. to fill an iframe. */
  className?: string;
  /** False (the embed's panel was closed): the call ends, the transcript stays. */
  open?: boolean;
  /** Focus the mic button when shown (the embed's panel opening). */
  autoFocus?: boolean;
  room?: AgentRoomOptions;
}

export function VoiceWidget({
  title = "Harbor Cafe",
  greeting,
  accent,
  lang = "en",
  className = "h-[32rem] rounded-2xl shadow-lg ring-1 ring-stone-200",
  open = true,
  autoFocus = false,
  room: roomOptions,
}: VoiceWidgetProps) {
  const { state, turns, problem, start, stop, sendTyped, upsertTurn, audioHost, active, recorded } = useAgentRoom(roomOptions);
  const text = widgetText(lang);
  const chat = useChat(upsertTurn, text.problems.offline);
  const [draft, setDraft] = useState("");
  const micButton = useRef<HTMLButtonElement | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const message = draft.trim();
    if (!message) return;
    setDraft("");
    // In a call the agent answers typed text in the same conversation; otherwise it is a chat.
    if (!(await sendTyped(message))) await chat.send(message);
  };
  useEffect(() => {
    if (!open && active) void stop();
  }, [open, active, stop]);
  useEffect(() => {
    if (open && autoFocus) micButton.current?.focus();
  }, [open, autoFocus]);
  // "connecting" is shown as idle in the stable contract: the agent is not there yet.
  const contractState = state === "connecting" ? "idle" : state;
  const accentStyle: CSSProperties | undefined = accent && !active ? { backgroundColor: accent } : undefined;
  return (
    <div lang={lang} className={`flex flex-col bg-white ${className}`}>
      <header className="flex items-center gap-3 border-b border-stone-100 p-4">
        <button
          ref={micButton}
          type="button"
          data-testid="mic-button"
          aria-pressed={active}
          aria-label={active ? text.stopTalking : text.talk}
          onClick={() => void (active ? stop() : start())}
          style={accentStyle}
          className={`flex h-12 w-12 items-center justify-center rounded-full text-white transition focus:outline-none focus-visible:ring-4 focus-visible:ring-stone-300 ${
            active ? "bg-red-600 hover:bg-red-700" : "bg-amber-600 hover:bg-amber-700"
          }`}
        >
          <svg viewBox="0 0 24 24" className="h-6 w-6" fill="currentColor" aria-hidden>
            {active ? (
              <rect x="6" y="6" width="12" height="12" rx="2" />
            ) : (
              <path d="M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3Zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-3.08A7 7 0 0 0 19 11h-2Z" />
            )}
          </svg>
        </button>
        <div>
          <p className="font-semibold">
            {title} {text.assistant}
          </p>
          <p className="text-sm text-stone-500">
            <span data-testid="agent-state" className="sr-only">
              {contractState}
            </span>
            {text.states[state]}
          </p>
        </div>
      </header>
      {active && recorded && (
        <p data-testid="recording-notice" className="border-b border-stone-100 px-4 py-1.5 text-xs text-stone-500">
          {text.recorded}
        </p>
      )}
      {greeting && turns.length === 0 && (
        <p data-testid="widget-greeting" className="mx-4 mt-4 max-w-[85%] rounded-xl bg-stone-100 px-3 py-2 text-sm">
          {greeting}
        </p>
      )}
      <ol data-testid="transcript" className="flex-1 space-y-2 overflow-y-auto p-4" aria-live="polite">
        {turns.map((turn) => (
          <li
            key={turn.id}
            data-role={turn.role}
            data-final={turn.final}
            className={`max-w-[85%] rounded-xl px-3 py-2 text-sm ${
              turn.role === "user" ? "ml-auto bg-amber-100" : "bg-stone-100"
            } ${turn.final ? "" : "opacity-60"}`}
          >
            {turn.text}
          </li>
        ))}
      </ol>
      {problem && (
        <p
          data-testid="widget-problem"
          data-problem={problem}
          // A lost connection being restored is news, not an alarm.
          role={problem === "reconnecting" ? "status" : "alert"}
          className={`border-t p-3 text-sm ${problem === "reconnecting" ? "border-amber-100 text-amber-800" : "border-red-100 text-red-700"}`}
        >
          {text.problems[problem]}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} className="flex gap-2 border-t border-stone-100 p-3">
        <input
          data-testid="chat-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={text.placeholder}
          aria-label={text.message}
          maxLength={2000}
          className="flex-1 rounded-lg border border-stone-300 px-3 py-2 text-sm focus:border-amber-600 focus:outline-none"
        />
        <button
          type="submit"
          data-testid="chat-send"
          disabled={chat.busy || !draft.trim()}
          style={accent ? { backgroundColor: accent } : undefined}
          className="rounded-lg bg-amber-600 px-4 py-2 text-sm font-medium text-white hover:bg-amber-700 disabled:opacity-50"
        >
          {text.send}
        </button>
      </form>
      <div ref={audioHost} hidden />
    </div>
  );
}
