import { ParticipantKind, Room, RoomEvent, TrackKind, type RemoteParticipant, type RemoteTrackPublication } from "@livekit/rtc-node";
import { AppError } from "../../core/errors";
import { onlyOwnRoomEvents } from "./own-room-events";
import type { Logger } from "../../core/log";
import type { CallContext } from "../call-context";
import type { Engines } from "../engines";

export interface RoomCallJob {
  readonly id: string;
  readonly roomName: string;
  readonly roomMetadata: string;
  /** Dispatched again because the room's agent died with its process. */
  readonly redispatched?: boolean;
  /** Participants in the room when LiveKit dispatched it: above 0 and none left at join means the caller already hung up. */
  readonly participantsAtDispatch: number;
}

export interface RoomCallOptions {
  job: RoomCallJob;
  url: string;
  token: string;
  engines: Engines;
  workerPid: number;
  log: Logger;
  entry: (ctx: CallContext) => Promise<void>;
  /** How long a call that was asked to end may take to store itself before it is left behind. */
  closeTimeoutMs: number;
  /** The room to use (tests pass a stand-in); a new rtc-node Room by default. */
  room?: Room;
}

export interface CallEnd {
  reason: string;
  /** Set when the call ended by an error of its own (the entry threw). */
  error?: string;
}

export interface RoomCall {
  readonly jobId: string;
  readonly roomName: string;
  /** Asks the call to end (a termination from LiveKit, a forced stop); `done` settles once it has. */
  shutdown(reason: string): void;
  /**
   * Settles when the call no longer needs its slot: the entry said the call is over (it may still be
   * storing), or the call ended. Never rejects: a call's failure is its own, never the worker's.
   */
  readonly done: Promise<CallEnd>;
  /** Settles once the entry has finished and the room is left. */
  left(): Promise<void>;
}

/** The caller left before the agent joined: nobody to talk to, nothing to store. */
export class CallerGone extends AppError {
  constructor() {
    super("NOT_FOUND", "the caller left before the agent joined");
  }
}

/**
 * One call inside the shared worker process: joins the assignment's room
 * with its token, runs the call entry against a CallContext, and ends when
 * the entry asks to, when the room goes away, or when the entry fails. On
 * the way out the shutdown callbacks run first (they abort the voice
 * session, so the entry stores the conversation's end at once), then the
 * entry gets `closeTimeoutMs` to finish, then the room is left.
 */
export function startRoomCall(options: RoomCallOptions): RoomCall {
  const { job, log } = options;
  const room = options.room ?? onlyOwnRoomEvents(new Room());
  const shutdownCallbacks: (() => Promise<void>)[] = [];
  let endRequested: ((end: CallEnd) => void) | undefined;
  const ending = new Promise<CallEnd>((resolve) => (endRequested = resolve));
  let ended: CallEnd | undefined;
  const requestEnd = (end: CallEnd) => {
    if (ended) return;
    ended = end;
    endRequested?.(end);
  };
  const onDisconnected = () => requestEnd({ reason: "room disconnected" });
  let released = false;
  let release: () => void = () => {};
  const callOver = new Promise<void>((resolve) => (release = resolve));

  const ctx: CallContext = {
    room,
    job: { id: job.id, roomName: job.roomName, roomMetadata: job.roomMetadata, redispatched: job.redispatched },
    engines: options.engines,
    workerPid: options.workerPid,
    async connect() {
      await room.connect(options.url, options.token, { autoSubscribe: false, dynacast: false });
      room.on(RoomEvent.Disconnected, onDisconnected);
      // Audio only: the agent never needs a caller's video or screen share.
      const subscribeAudio = (publication: RemoteTrackPublication) => {
        if (publication.kind === TrackKind.KIND_AUDIO) publication.setSubscribed(true);
      };
      for (const participant of room.remoteParticipants.values()) participant.trackPublications.forEach(subscribeAudio);
      room.on(RoomEvent.TrackPublished, subscribeAudio);
    },
    waitForParticipant: (identity) => waitForParticipant(room, job, identity),
    shutdown: (reason) => requestEnd({ reason }),
    addShutdownCallback: (callback) => void shutdownCallbacks.push(callback),
    callOver: () => {
      released = true;
      release();
    },
  };

  const entryDone = Promise.resolve()
    .then(() => options.entry(ctx))
    .then(
      () => requestEnd({ reason: "call entry finished" }),
      (error: unknown) => {
        if (error instanceof CallerGone) {
          log.info("call ended: the caller left before the agent joined", { jobId: job.id });
          requestEnd({ reason: "caller gone" });
          return;
        }
        log.error("call failed", { jobId: job.id, error });
        requestEnd({ reason: "call failed", error: error instanceof Error ? error.message : String(error) });
      },
    );

  let leaving: Promise<void> = Promise.resolve();
  const lifecycle = (async (): Promise<CallEnd> => {
    const end = await ending;
    const endAt = Date.now();
    for (const callback of shutdownCallbacks) {
      await callback().catch((error: unknown) => log.warn("shutdown callback failed", { jobId: job.id, error }));
    }
    // Past callOver the entry is only storing (bounded by its own flush deadline): let it finish.
    const finished = released ? await entryDone.then(() => true) : await Promise.race([entryDone.then(() => true), delay(options.closeTimeoutMs).then(() => false)]);
    if (!finished) log.error("call did not finish after it was asked to end; leaving it behind", { jobId: job.id, reason: end.reason });
    room.off(RoomEvent.Disconnected, onDisconnected);
    // The call is over once its entry is: leaving the room (an FFI round trip that takes a second or
    // two under load) must not hold the slot. `left` lets a closing worker wait for it.
    const leaveAt = Date.now();
    leaving = room
      .disconnect()
      .then(() => log.debug("left the room", { jobId: job.id, leaveMs: Date.now() - leaveAt }))
      .catch((error: unknown) => log.warn("leaving the room failed", { jobId: job.id, error }));
    log.info("call finished", { jobId: job.id, reason: end.reason, finishMs: leaveAt - endAt });
    return end;
  })();
  const done = Promise.race([lifecycle, callOver.then((): CallEnd => ({ reason: "call over" }))]);

  return { jobId: job.id, roomName: job.roomName, shutdown: (reason) => requestEnd({ reason }), done, left: () => lifecycle.then(() => leaving) };
}

function isCaller(participant: RemoteParticipant, identity: string | undefined): boolean {
  return (!identity || participant.identity === identity) && participant.info.kind !== ParticipantKind.AGENT;
}

async function waitForParticipant(room: Room, job: RoomCallJob, identity: string | undefined): Promise<RemoteParticipant> {
  if (!room.isConnected) throw new AppError("UNAVAILABLE", "room is not connected");
  for (const participant of room.remoteParticipants.values()) if (isCaller(participant, identity)) return participant;
  // Someone was there at dispatch and nobody is now: waiting would hold a slot until LiveKit closes the room.
  const anyone = [...room.remoteParticipants.values()].some((p) => p.info.kind !== ParticipantKind.AGENT);
  if (!identity && !anyone && job.participantsAtDispatch > 0) throw new CallerGone();
  return new Promise<RemoteParticipant>((resolve, reject) => {
    const onConnected = (participant: RemoteParticipant) => {
      if (!isCaller(participant, identity)) return;
      clear();
      resolve(participant);
    };
    const onDisconnected = () => {
      clear();
      reject(new CallerGone());
    };
    const clear = () => {
      room.off(RoomEvent.ParticipantConnected, onConnected);
      room.off(RoomEvent.Disconnected, onDisconnected);
    };
    room.on(RoomEvent.ParticipantConnected, onConnected);
    room.on(RoomEvent.Disconnected, onDisconnected);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
