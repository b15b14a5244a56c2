"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  ConnectionState,
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteTrack,
  type TextStreamReader,
} from "livekit-client";

export type AgentState = "idle" | "connecting" | "listening" | "thinking" | "speaking";

export interface TranscriptTurn {
  id: string;
  role: "user" | "agent";
  text: string;
  final: boolean;
}

interface TokenResponse {
  url: string;
  token: string;
  roomName: string;
  /** Kept for this tab so a reload can continue the same conversation. */
  resume?: string;
  /** This room continues the conversation the resume ticket named. */
  resumed?: boolean;
}

/** How long a message typed while LiveKit reconnects waits for the call to be back. */
const RECONNECT_WAIT_MS = 15_000;

/** sessionStorage: survives a reload of this tab, not its closing or another tab. */
const RESUME_KEY = "harbor-voice-resume";

function storedResumeTicket(): string | undefined {
  try {
    return window.sessionStorage.getItem(RESUME_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

function keepResumeTicket(ticket: string | undefined): void {
  try {
    if (ticket) window.sessionStorage.setItem(RESUME_KEY, ticket);
    else window.sessionStorage.removeItem(RESUME_KEY);
  } catch {
    // Storage refused (privacy mode): a reload starts a new conversation.
  }
}

/**
 * One visit's LiveKit room: connects with a server-minted token, publishes the
 * microphone, plays the agent's audio and collects transcripts from the
 * `lk.transcription` text streams the agent sends.
 */
export function useAgentRoom() {
  const [state, setState] = useState<AgentState>("idle");
  const [turns, setTurns] = useState<TranscriptTurn[]>([]);
  const [error, setError] = useState<string | null>(null);
  const roomRef = useRef<Room | null>(null);
  const audioHost = useRef<HTMLDivElement | null>(null);

  const upsertTurn = useCallback((turn: TranscriptTurn) => {
    setTurns((prev) => {
      const index = prev.findIndex((t) => t.id === turn.id);
      if (index === -1) return [...prev, turn];
      const next = prev.slice();
      next[index] = turn;
      return next;
    });
  }, []);

  const disconnect = useCallback(async () => {
    const room = roomRef.current;
    roomRef.current = null;
    await room?.disconnect();
    setState("idle");
  }, []);

  /** The visitor ended the call: it is over, a reload does not bring it back. */
  const stop = useCallback(async () => {
    keepResumeTicket(undefined);
    await disconnect();
  }, [disconnect]);

  /** With `resumeOnly`, connects only if the server continues the conversation of the stored ticket (after a reload). */
  const start = useCallback(async (options: { resumeOnly?: boolean } = {}) => {
    setError(null);
    setState("connecting");
    try {
      const resume = storedResumeTicket();
      const res = await fetch("/api/token", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(resume ? { resume } : {}),
      });
      if (!res.ok) throw new Error(`token request failed (${res.status})`);
      const { url, token, resume: ticket, resumed } = (await res.json()) as TokenResponse;
      if (options.resumeOnly && !resumed) {
        keepResumeTicket(undefined);
        setState("idle");
        return;
      }
      keepResumeTicket(ticket);
      const room = new Room({ adaptiveStream: true, dynacast: true });
      roomRef.current = room;

      room.registerTextStreamHandler("lk.transcription", async (reader: TextStreamReader, from) => {
        const attributes = reader.info.attributes ?? {};
        const localTracks = [...room.localParticipant.trackPublications.keys()];
        const isUser =
          from.identity === room.localParticipant.identity ||
          localTracks.includes(attributes["lk.transcribed_track_id"] ?? "");
        const text = await reader.readAll();
        upsertTurn({
          id: attributes["lk.segment_id"] ?? reader.info.id,
          role: isUser ? "user" : "agent",
          text,
          final: attributes["lk.transcription_final"] === "true",
        });
      });
      room.on(RoomEvent.ParticipantAttributesChanged, (changed: Record<string, string>, p: Participant) => {
        const agentState = changed["lk.agent.state"];
        if (p.identity !== room.localParticipant.identity && agentState) {
          setState(agentState as AgentState);
        }
      });
      room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
        if (track.kind !== Track.Kind.Audio) return;
        const element = track.attach();
        element.dataset.testid = "agent-audio";
        audioHost.current?.appendChild(element);
      });
      room.on(RoomEvent.TrackUnsubscribed, (track: RemoteTrack) => {
        track.detach().forEach((el) => el.remove());
      });
      room.on(RoomEvent.ConnectionStateChanged, (s: ConnectionState) => {
        if (s === ConnectionState.Disconnected) setState("idle");
      });

      await room.connect(url, token);
      await room.localParticipant.setMicrophoneEnabled(true);
      setState((s) => (s === "connecting" ? "listening" : s));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      await disconnect();
    }
  }, [disconnect, upsertTurn]);

  useEffect(() => () => void roomRef.current?.disconnect(), []);

  // A reload during a call: continue it (the server decides whether it is still within the grace period).
  const resumeTried = useRef(false);
  useEffect(() => {
    if (resumeTried.current || !storedResumeTicket()) return;
    resumeTried.current = true;
    void start({ resumeOnly: true });
  }, [start]);

  /** Typed text during a call goes to the agent in the room, answered in the same conversation. */
  const sendTyped = useCallback(async (text: string): Promise<boolean> => {
    const room = roomRef.current;
    // A brief network loss is not the end of the call: wait for LiveKit's reconnection rather than
    // sending the message to a separate chat conversation.
    if (room && (room.state === ConnectionState.Reconnecting || room.state === ConnectionState.SignalReconnecting)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          room.off(RoomEvent.Reconnected, done);
          room.off(RoomEvent.Disconnected, done);
          resolve();
        };
        const timer = setTimeout(done, RECONNECT_WAIT_MS);
        room.once(RoomEvent.Reconnected, done);
        room.once(RoomEvent.Disconnected, done);
      });
    }
    if (!room || room.state !== ConnectionState.Connected) return false;
    await room.localParticipant.sendText(text, { topic: "lk.chat" });
    return true;
  }, []);

  return { state, turns, error, start, stop, sendTyped, upsertTurn, audioHost, active: state !== "idle" };
}
