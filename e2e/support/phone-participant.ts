import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
  type RemoteTrack,
} from "@livekit/rtc-node";
import { AccessToken, RoomAgentDispatch, RoomConfiguration } from "livekit-server-sdk";
import type { PcmFrame } from "../../server/core/ports";
import { chunkFrames, rms } from "../../server/voice/audio";
import { onlyOwnRoomEvents } from "../../server/worker/dispatch/own-room-events";

const RATE = 16000;
const LIVEKIT_URL = process.env.LIVEKIT_URL ?? "ws://127.0.0.1:7880";

/**
 * A caller in a LiveKit room with the participant kind and attributes the SIP
 * bridge gives a phone caller: exercises the worker's phone channel (caller
 * number, keypad, hang-up, transfer) where livekit-sip itself cannot run.
 * Its microphone sends silence unless told to say something, like a phone line.
 */
export class PhoneParticipant {
  // Many callers share one process in the benchmark: each room ignores the others' native events (see own-room-events.ts).
  readonly room = onlyOwnRoomEvents(new Room());
  private readonly source = new AudioSource(RATE, 1);
  /** Frames waiting for the 20 ms pump; `sent` marks the last frame of an utterance. */
  private queue: { frame: PcmFrame; sent?: (atMs: number) => void }[] = [];
  private pump?: NodeJS.Timeout;
  /** Wall-clock times of agent audio frames louder than the threshold. */
  readonly loudAt: number[] = [];
  maxRms = 0;
  /** What came over the `lk.transcription` text stream, in arrival order (the agent's words and its transcript of ours). */
  readonly transcripts: { role: "user" | "agent"; final: boolean; segmentId: string; text: string; at: number }[] = [];

  constructor(
    readonly roomName: string,
    readonly callerNumber: string,
    /** Join as a plain (web) participant instead of a SIP caller: a synthetic website visitor. */
    private readonly options: {
      web?: boolean;
      /** Dispatch the room explicitly to this agent (a worker started with AGENT_NAME), e.g. for benchmarks. */
      agentName?: string;
    } = {},
  ) {}

  async join(): Promise<void> {
    const web = this.options.web === true;
    const token = new AccessToken(process.env.LIVEKIT_API_KEY ?? "devkey", process.env.LIVEKIT_API_SECRET ?? "secret", {
      identity: web ? `visitor-synthetic-${Date.now()}` : `sip_${this.callerNumber}`,
      attributes: web ? {} : { "sip.phoneNumber": this.callerNumber, "sip.callStatus": "active", "sip.trunkPhoneNumber": "+15550100" },
    });
    if (!web) token.kind = "sip";
    if (this.options.agentName) token.roomConfig = new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: this.options.agentName })] });
    // canUpdateOwnMetadata: the bridge moves sip.callStatus (and names a hang-up's cause) on its participant.
    token.addGrant({ room: this.roomName, roomJoin: true, roomCreate: true, canPublish: true, canSubscribe: true, canUpdateOwnMetadata: true });
    this.room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
      if (track.kind === TrackKind.KIND_AUDIO) void this.meter(track);
    });
    // A phone has no screen, but what the agent says is kept for tests that check the words.
    this.room.registerTextStreamHandler("lk.transcription", (reader, from) => {
      const attributes = reader.info.attributes ?? {};
      void reader
        .readAll()
        .then((text) =>
          this.transcripts.push({
            role: from.identity === this.room.localParticipant?.identity ? "user" : "agent",
            final: attributes["lk.transcription_final"] === "true",
            segmentId: attributes["lk.segment_id"] ?? "",
            text,
            at: Date.now(),
          }),
        )
        .catch(() => undefined);
    });
    await this.room.connect(LIVEKIT_URL, await token.toJwt(), { autoSubscribe: true, dynacast: false });
    const options = new TrackPublishOptions();
    options.source = TrackSource.SOURCE_MICROPHONE;
    await this.room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack("caller", this.source), options);
    // A phone line carries audio all the time: silence between utterances, paced in real time.
    const silent = new Int16Array(RATE / 50);
    this.pump = setInterval(() => {
      const next = this.queue.shift();
      const samples = next?.frame.samples ?? silent;
      void this.source.captureFrame(new AudioFrame(samples, RATE, 1, samples.length)).catch(() => undefined);
      next?.sent?.(Date.now());
    }, 20);
  }

  /**
   * Queues speech (16 kHz) on the line; resolves with the wall-clock time its last frame goes out
   * (taken by the pump as it sends it, so a late timer on a busy machine does not skew voice-to-voice).
   */
  say(audio: PcmFrame): Promise<number> {
    const frames = chunkFrames(audio, 20);
    return new Promise((resolve) => {
      frames.forEach((frame, i) => this.queue.push(i === frames.length - 1 ? { frame, sent: resolve } : { frame }));
      if (frames.length === 0) resolve(Date.now());
    });
  }

  async pressKeys(keys: string): Promise<void> {
    for (const key of keys) {
      const code = key === "*" ? 10 : key === "#" ? 11 : Number(key);
      await this.room.localParticipant!.publishDtmf(code, key);
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** Milliseconds of agent audio heard at or after `sinceMs`. */
  loudMsSince(sinceMs: number): number {
    return this.loudAt.filter((t) => t >= sinceMs).length * 10;
  }

  firstLoudAfter(sinceMs: number): number | undefined {
    return this.loudAt.find((t) => t >= sinceMs);
  }

  async hangUp(): Promise<void> {
    clearInterval(this.pump);
    await this.room.disconnect();
  }

  /**
   * The bridge ending the call for a reason of its own, as it reports it:
   * `sip.callStatus` hangup with the cause in `sip.hangupReason`
   * ("media-timeout" when RTP stopped), then it leaves the room.
   */
  async droppedByBridge(cause: string): Promise<void> {
    await this.room.localParticipant!.setAttributes({ "sip.callStatus": "hangup", "sip.hangupReason": cause });
    await new Promise((r) => setTimeout(r, 300));
    await this.hangUp();
  }

  private async meter(track: RemoteTrack): Promise<void> {
    const reader = new AudioStream(track, { sampleRate: RATE, numChannels: 1 }).getReader();
    for (;;) {
      const { value: frame, done } = await reader.read();
      if (done) return;
      const level = rms(frame.data) / 32768;
      this.maxRms = Math.max(this.maxRms, level);
      if (level > 0.01) this.loudAt.push(Date.now());
    }
  }
}
