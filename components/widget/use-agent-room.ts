"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  ConnectionState,
  DisconnectReason,
  Room,
  RoomEvent,
  Track,
  type Participant,
  type RemoteTrack,
  type TextStreamReader,
} from "livekit-client";
import { microphoneProblem, tokenProblem, type WidgetProblem } from "./widget-text";

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
  /** The agent records this call: the widget says so. */
  recorded?: boolean;
}

/** How long a message typed while LiveKit reconnects waits for the call to be back. */
const RECONNECT_WAIT_MS = 15_000;

/** No agent in the room by then: none is running (or all are busy); said in plain words, cleared if it comes later. */
const AGENT_JOIN_TIMEOUT_MS = 25_000;

/** sessionStorage: survives a reload of this tab, not its closing or another tab (inside an iframe: per embedding site). */
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

export interface AgentRoomOptions {
  /** Sent with the token request: the embedded widget names the site embedding it and the agent of its snippet. */
  tokenRequest?: { embedOrigin?: string; agent?: string };
}

/**
 * One visit's LiveKit room: connects with a server-minted token, publishes the
 * microphone, plays the agent's audio and collects transcripts from the
 * `lk.transcription` text streams the agent sends. What goes wrong (token
 * refused, no microphone, network lost, no agent) is a `problem` the widget
 * words for the visitor.
 */
export function useAgentRoom(options: AgentRoomOptions = {}) {
  const [state, setState] = useState<AgentState>("idle");
  const [turns, setTurns] = useState<TranscriptTurn[]>([]);
  const [problem, setProblem] = useState<WidgetProblem | null>(null);
  const tokenRequest = useRef(options.tokenRequest);
  tokenRequest.current = options.tokenRequest;
  const [recorded, setRecorded] = useState(false);
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
    setProblem(null);
    setState("connecting");
    let res: Response;
    try {
      const resume = storedResumeTicket();
      res = await fetch("/api/token", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ...tokenRequest.current, ...(resume ? { resume } : {}) }),
      });
    } catch {
      setProblem("offline");
      setState("idle");
      return;
    }
    if (!res.ok) {
      // The reason is for the site's developer; the visitor gets plain words.
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      console.warn(`voice widget: token refused (${res.status}): ${body?.error?.message ?? "no reason given"}`);
      setProblem(tokenProblem(res.status));
      setState("idle");
      return;
    }
    try {
      const { url, token, resume: ticket, resumed, recorded: recordedCall } = (await res.json()) as TokenResponse;
      setRecorded(Boolean(recordedCall));
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
      // A network blip: LiveKit resumes the same session (same room, same conversation) by itself.
      room.on(RoomEvent.Reconnecting, () => setProblem("reconnecting"));
      room.on(RoomEvent.Reconnected, () => setProblem((p) => (p === "reconnecting" ? null : p)));
      room.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
        // Our own stop or the room closing is an ending; anything else (a reconnect given up, the signal lost) is a dropped call.
        const ending = reason === DisconnectReason.CLIENT_INITIATED || reason === DisconnectReason.ROOM_DELETED || reason === DisconnectReason.PARTICIPANT_REMOVED;
        setProblem((p) => (ending ? (p === "reconnecting" ? null : p) : "dropped"));
      });
      room.on(RoomEvent.ConnectionStateChanged, (s: ConnectionState) => {
        if (s === ConnectionState.Disconnected) setState("idle");
      });
      room.on(RoomEvent.ParticipantConnected, () => setProblem((p) => (p === "unavailable" ? null : p)));

      await room.connect(url, token);
      const agentWait = setTimeout(() => {
        if (roomRef.current === room && room.remoteParticipants.size === 0) setProblem("unavailable");
      }, AGENT_JOIN_TIMEOUT_MS);
      room.once(RoomEvent.Disconnected, () => clearTimeout(agentWait));
      setState((s) => (s === "connecting" ? "listening" : s));
      try {
        await room.localParticipant.setMicrophoneEnabled(true);
      } catch (micError) {
        // The call goes on without a microphone: the agent's voice and captions, and typed questions.
        console.warn("voice widget: microphone unavailable", micError);
        setProblem(microphoneProblem(micError));
      }
    } catch (e) {
      console.warn("voice widget: could not join the voice room", e);
      setProblem(navigator.onLine === false ? "offline" : "unavailable");
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

  return { state, turns, problem, start, stop, sendTyped, upsertTurn, audioHost, active: state !== "idle", recorded };
}
