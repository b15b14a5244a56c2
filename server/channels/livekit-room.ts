import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  ParticipantKind,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteParticipant,
  type RemoteTrack,
  type Room,
} from "@livekit/rtc-node";
import type { CallerLeft, ChannelKind, PcmFrame, TranscriptEntry, VoiceChannel } from "../core/ports";
import type { Logger } from "../core/log";
import { AsyncQueue } from "../voice/async-queue";
import { readCappedText } from "./capped-text";
import type { CallAudioTap } from "./recording/call-recorder";

const AGENT_RATE = 16000;
const QUEUE_MS = 200;
const INPUT_FRAME_MS = 20;
const TRANSCRIPTION_TOPIC = "lk.transcription";
const CHAT_TOPIC = "lk.chat";
/** Typed messages and keys waiting for the pipeline; a flood beyond this is dropped. */
const MAX_PENDING_MESSAGES = 8;
const MAX_PENDING_KEYS = 64;

export interface LiveKitChannel extends VoiceChannel {
  close(): Promise<void>;
}

/**
 * The LiveKit room adapter: one remote participant (web visitor or SIP caller)
 * on one side, the pipeline's VoiceChannel on the other. Audio is resampled by
 * rtc-node's AudioStream to the pipeline's 16 kHz; agent audio is published as
 * a microphone track; transcripts go out on the `lk.transcription` text stream.
 */
export async function openLiveKitChannel(
  room: Room,
  participant: RemoteParticipant,
  log: Logger,
  /** Sees every frame where it enters and leaves the room (the call recorder). */
  tap?: CallAudioTap,
): Promise<LiveKitChannel> {
  const kind: ChannelKind = participant.kind === ParticipantKind.SIP ? "phone" : "web";
  // A short queue keeps pause and barge-in responsive; barge-in also clears it.
  const source = new AudioSource(AGENT_RATE, 1, QUEUE_MS);
  const track = LocalAudioTrack.createAudioTrack("agent-voice", source);
  const options = new TrackPublishOptions();
  options.source = TrackSource.SOURCE_MICROPHONE;
  const publication = await room.localParticipant!.publishTrack(track, options);
  const agentTrackSid = publication.sid ?? "";
  // The first words of the greeting must not go out before anyone listens.
  await Promise.race([publication.waitForSubscription(), delay(3000)]);
  let userTrackSid = "";
  // LiveKit keeps a participant through its own reconnection (ICE restart, resume): a disconnect is final.
  const callerLeft = new Promise<CallerLeft>((resolve) => {
    const onGone = (p: RemoteParticipant) => {
      if (p.identity !== participant.identity) return;
      room.off(RoomEvent.ParticipantDisconnected, onGone);
      resolve({ atMs: Date.now() });
    };
    room.on(RoomEvent.ParticipantDisconnected, onGone);
  });

  const audio = async function* (): AsyncIterable<PcmFrame> {
    const remote = await waitForAudioTrack(room, participant);
    if (!remote) return;
    userTrackSid = remote.sid ?? "";
    // 20 ms frames (rtc-node's default is 10 ms): half the FFI events and frame objects per call, the
    // largest JS cost of a live call; VAD windows are 32 ms, so turn detection moves by ≤ 10 ms.
    const stream = new AudioStream(remote, { sampleRate: AGENT_RATE, numChannels: 1, frameSizeMs: INPUT_FRAME_MS });
    const reader = stream.getReader();
    const onGone = (p: RemoteParticipant) => {
      if (p.identity === participant.identity) void reader.cancel().catch(() => undefined);
    };
    room.on(RoomEvent.ParticipantDisconnected, onGone);
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        if (!value || value.samplesPerChannel === 0) continue;
        if (value.sampleRate !== AGENT_RATE || value.channels !== 1) {
          log.warn("dropping frame in unexpected format", { rate: value.sampleRate, channels: value.channels });
          continue;
        }
        tap?.heard(value.data, Date.now());
        yield { samples: value.data, sampleRate: value.sampleRate };
      }
    } finally {
      room.off(RoomEvent.ParticipantDisconnected, onGone);
      reader.releaseLock();
    }
  };

  const play: VoiceChannel["play"] = async (frames, { signal, onFirstFrame, gate } = {}) => {
    let first = true;
    const onAbort = () => {
      source.clearQueue();
      tap?.cut(Date.now());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    for await (const frame of frames) {
      if (gate && !gate.isOpen) await gate.opened(signal);
      if (signal?.aborted) break;
      if (frame.sampleRate !== AGENT_RATE) {
        log.warn("dropping tts frame at unexpected rate", { rate: frame.sampleRate });
        continue;
      }
      tap?.played(frame.samples, Date.now());
      await source.captureFrame(
        new AudioFrame(frame.samples, frame.sampleRate, 1, frame.samples.length),
      );
      if (first) {
        first = false;
        onFirstFrame?.(Date.now());
      }
    }
    if (signal?.aborted) onAbort();
    else await Promise.race([source.waitForPlayout(), abortPromise(signal)]);
    signal?.removeEventListener("abort", onAbort);
  };

  const transcript = async (entry: TranscriptEntry) => {
    const writer = await room.localParticipant!.streamText({
      topic: TRANSCRIPTION_TOPIC,
      senderIdentity: entry.role === "user" ? participant.identity : undefined,
      attributes: {
        "lk.transcription_final": String(entry.final),
        "lk.segment_id": entry.segmentId,
        "lk.transcribed_track_id": entry.role === "user" ? userTrackSid : agentTrackSid,
      },
    });
    await writer.write(entry.text);
    await writer.close();
  };

  let lastState = "";
  const setState: VoiceChannel["setState"] = async (state) => {
    if (state === lastState) return;
    lastState = state;
    // The attribute LiveKit's agent frameworks use, understood by its client components.
    await room.localParticipant!.setAttributes({ "lk.agent.state": state });
  };

  const typedText = (): AsyncIterable<string> => {
    const queue = new AsyncQueue<string>(MAX_PENDING_MESSAGES);
    room.registerTextStreamHandler(CHAT_TOPIC, (reader, from) => {
      if (from.identity !== participant.identity) {
        void reader.close().catch(() => undefined);
        return;
      }
      void readCappedText(reader).then(
        (text) => {
          if (text === undefined) log.warn("typed message over the size cap; dropped");
          else if (!queue.push(text)) log.warn("typed message dropped: too many waiting");
        },
        () => undefined,
      );
    });
    room.on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
      if (p.identity === participant.identity) queue.close();
    });
    return queue;
  };

  // Keypad presses (RFC 4733 from a SIP caller, or publishDtmf from any client) as single keys.
  const dtmf = (): AsyncIterable<string> => {
    const queue = new AsyncQueue<string>(MAX_PENDING_KEYS);
    const onKey = (_code: number, digit: string, from: RemoteParticipant) => {
      if (from.identity === participant.identity) queue.push(digit);
    };
    const onGone = (p: RemoteParticipant) => {
      if (p.identity !== participant.identity) return;
      room.off(RoomEvent.DtmfReceived, onKey);
      room.off(RoomEvent.ParticipantDisconnected, onGone);
      queue.close();
    };
    room.on(RoomEvent.DtmfReceived, onKey);
    room.on(RoomEvent.ParticipantDisconnected, onGone);
    return queue;
  };

  return {
    kind,
    transfersCalls: kind === "phone",
    setState,
    typedText,
    dtmf,
    roomName: room.name,
    callerNumber: participant.attributes["sip.phoneNumber"],
    audio,
    play,
    transcript,
    callerLeft,
    close: async () => {
      await source.close().catch(() => undefined);
    },
  };
}

function waitForAudioTrack(room: Room, participant: RemoteParticipant): Promise<RemoteTrack | undefined> {
  for (const pub of participant.trackPublications.values()) {
    if (pub.kind === TrackKind.KIND_AUDIO && pub.track) return Promise.resolve(pub.track as RemoteTrack);
  }
  return new Promise((resolve) => {
    const onTrack = (track: RemoteTrack, _pub: unknown, p: RemoteParticipant) => {
      if (p.identity !== participant.identity || track.kind !== TrackKind.KIND_AUDIO) return;
      cleanup();
      resolve(track);
    };
    const onGone = (p: RemoteParticipant) => {
      if (p.identity !== participant.identity) return;
      cleanup();
      resolve(undefined);
    };
    const cleanup = () => {
      room.off(RoomEvent.TrackSubscribed, onTrack);
      room.off(RoomEvent.ParticipantDisconnected, onGone);
    };
    room.on(RoomEvent.TrackSubscribed, onTrack);
    room.on(RoomEvent.ParticipantDisconnected, onGone);
  });
}

function abortPromise(signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal?.addEventListener("abort", () => resolve(), { once: true }));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
