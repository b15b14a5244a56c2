"use client";

import { useState, type FormEvent } from "react";
import { useAgentRoom } from "./use-agent-room";
import { useChat } from "./use-chat";

const stateLabel: Record<string, string> = {
  idle: "Click the mic to talk",
  connecting: "Connecting…",
  listening: "Listening",
  thinking: "Thinking",
  speaking: "Speaking",
};

export function VoiceWidget() {
  const { state, turns, error, start, stop, sendTyped, upsertTurn, audioHost, active } = useAgentRoom();
  const chat = useChat(upsertTurn);
  const [draft, setDraft] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const message = draft.trim();
    if (!message) return;
    setDraft("");
    // In a call the agent answers typed text in the same conversation; otherwise it is a chat.
    if (!(await sendTyped(message))) await chat.send(message);
  };
  // "connecting" is shown as idle in the stable contract: the agent is not there yet.
  const contractState = state === "connecting" ? "idle" : state;
  return (
    <div className="flex h-[32rem] flex-col rounded-2xl bg-white shadow-lg ring-1 ring-stone-200">
      <header className="flex items-center gap-3 border-b border-stone-100 p-4">
        <button
          type="button"
          data-testid="mic-button"
          aria-pressed={active}
          aria-label={active ? "Stop talking to the assistant" : "Talk to the assistant"}
          onClick={() => void (active ? stop() : start())}
          className={`flex h-12 w-12 items-center justify-center rounded-full text-white transition ${
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
          <p className="font-semibold">Harbor Cafe assistant</p>
          <p className="text-sm text-stone-500">
            <span data-testid="agent-state" className="sr-only">
              {contractState}
            </span>
            {stateLabel[state]}
          </p>
        </div>
      </header>
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
      {error && (
        <p role="alert" className="border-t border-red-100 p-3 text-sm text-red-700">
          {error}
        </p>
      )}
      <form onSubmit={(e) => void submit(e)} className="flex gap-2 border-t border-stone-100 p-3">
        <input
          data-testid="chat-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Type a message…"
          aria-label="Message"
          maxLength={2000}
          className="flex-1 rounded-lg border border-stone-300 px-3 py-2 text-sm focus:border-amber-600 focus:outline-none"
        />
        <button
          type="submit"
          data-testid="chat-send"
          disabled={chat.busy || !draft.trim()}
          className="rounded-lg bg-amber-600 px-4 py-2 text-sm font-medium text-white hover:bg-amber-700 disabled:opacity-50"
        >
          Send
        </button>
      </form>
      <div ref={audioHost} hidden />
    </div>
  );
}
