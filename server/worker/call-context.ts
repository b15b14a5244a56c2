import type { RemoteParticipant, Room } from "@livekit/rtc-node";
import type { Engines } from "./engines";

/**
 * What a call's entry needs from whoever runs it: the room (connected by
 * `connect`), the dispatched job's room name and metadata, a way to end the
 * call, and the engines loaded for the process. Both executors provide it:
 * the shared-process worker (dispatch/room-call.ts) and @livekit/agents' job
 * processes (agent.ts), so the call code does not depend on either.
 */
export interface CallContext {
  readonly room: Room;
  readonly job: {
    readonly id: string;
    readonly roomName: string;
    readonly roomMetadata: string;
    /** Dispatched again because the room's agent died with its process (its conversation goes on). */
    readonly redispatched?: boolean;
  };
  readonly engines: Engines;
  /** The worker process that took the call (the `agent.worker_pid` attribute). */
  readonly workerPid: number;
  /** Joins the room, subscribing to audio only. */
  connect(): Promise<void>;
  /** The first non-agent participant (with this identity, when given); rejects if the room goes away first. */
  waitForParticipant(identity?: string): Promise<RemoteParticipant>;
  /** Ends the call: leaves the room, runs the shutdown callbacks, frees the slot. */
  shutdown(reason: string): void;
  addShutdownCallback(callback: () => Promise<void>): void;
  /**
   * The caller-facing part is over; the entry only stores things from here on. The shared worker
   * frees the call's slot now (its process lives on to finish); a job process has nothing to free.
   */
  callOver(): void;
}
