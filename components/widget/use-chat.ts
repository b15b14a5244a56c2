"use client";

import { useCallback, useRef, useState } from "react";
import type { TranscriptTurn } from "./use-agent-room";

interface ChatEvent {
  type: "delta" | "tool" | "sources" | "handoff" | "done" | "error";
  text?: string;
  conversationId?: string;
  sources?: { slug: string; title: string }[];
  message?: string;
}

/** Typed chat over POST /api/chat (SSE), one conversation per browser tab. `offlineMessage`: what to say when the server cannot be reached. */
export function useChat(upsertTurn: (turn: TranscriptTurn) => void, offlineMessage = "We can't reach the assistant. Check your internet connection and try again.") {
  const [busy, setBusy] = useState(false);
  const conversationId = useRef<string | undefined>(undefined);

  const send = useCallback(
    async (message: string) => {
      const userId = `chat-u-${Date.now()}`;
      const agentId = `chat-a-${Date.now()}`;
      upsertTurn({ id: userId, role: "user", text: message, final: true });
      setBusy(true);
      let text = "";
      try {
        const res = await fetch("/api/chat", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ conversationId: conversationId.current, message }),
        }).catch(() => {
          // fetch rejects only when the network (or the server) cannot be reached.
          throw new Error(offlineMessage);
        });
        if (!res.ok || !res.body) {
          const body = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
          throw new Error(body.error?.message ?? `chat failed (${res.status})`);
        }
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          const frames = buffer.split("\n\n");
          buffer = frames.pop() ?? "";
          for (const frame of frames) {
            const data = frame.split("\n").find((l) => l.startsWith("data: "));
            if (!data) continue;
            const event = JSON.parse(data.slice(6)) as ChatEvent;
            if (event.type === "delta" && event.text) {
              text += event.text;
              upsertTurn({ id: agentId, role: "agent", text, final: false });
            } else if (event.type === "done") {
              conversationId.current = event.conversationId;
            } else if (event.type === "error") {
              text = event.message ?? "Sorry, something went wrong.";
            }
          }
        }
        upsertTurn({ id: agentId, role: "agent", text, final: true });
      } catch (e) {
        upsertTurn({ id: agentId, role: "agent", text: e instanceof Error ? e.message : "Sorry, something went wrong.", final: true });
      } finally {
        setBusy(false);
      }
    },
    [upsertTurn, offlineMessage],
  );

  return { send, busy };
}
