import type { Room } from "@livekit/rtc-node";

/** The part of an rtc-node FfiEvent this looks at. */
interface FfiEventLike {
  readonly message: { readonly case?: string; readonly value?: unknown };
}

/** rtc-node's Room internals this relies on (checked at run time: a changed SDK leaves the room as it is). */
interface RoomInternals {
  onFfiEvent: (event: FfiEventLike) => unknown;
  readonly ffiHandle?: { readonly handle: bigint };
}

/**
 * rtc-node delivers every native event of the process (every audio frame of
 * every call, every capture acknowledgement) to every connected Room, and each
 * Room takes an async lock for each one before finding it is not its own. With
 * one call per process that is nothing; with N calls in one process it is N²
 * lock round trips per frame period, the largest cost of a call at 10+ calls.
 * A Room only ever acts on its own room events and on RPC invocations (see
 * rtc-node room's processFfiEvent), so everything else is dropped before the
 * lock. Installed before `connect`, which subscribes `onFfiEvent`.
 */
export function onlyOwnRoomEvents(room: Room): Room {
  const internals = room as unknown as Partial<RoomInternals>;
  const original = internals.onFfiEvent;
  if (typeof original !== "function") return room;
  internals.onFfiEvent = (event: FfiEventLike) => {
    const kind = event.message.case;
    if (kind === "rpcMethodInvocation") return original(event);
    if (kind !== "roomEvent") return undefined;
    // Before connect's result the handle is unknown: room events wait in the room's own pre-connect buffer.
    const own = internals.ffiHandle?.handle;
    if (own !== undefined && (event.message.value as { roomHandle?: bigint } | undefined)?.roomHandle !== own) return undefined;
    return original(event);
  };
  return room;
}
