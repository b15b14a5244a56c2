import { Room } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { onlyOwnRoomEvents } from "./own-room-events";

type Internals = { onFfiEvent: (event: unknown) => Promise<void>; preConnectEvents: unknown[]; ffiHandle?: { handle: bigint } };

const audioFrame = { message: { case: "audioStreamEvent", value: { streamHandle: 7n } } };
const roomEvent = (roomHandle: bigint) => ({ message: { case: "roomEvent", value: { roomHandle, message: { case: "participantConnected" } } } });

describe("a call's room in a process of many calls", () => {
  it("relies on rtc-node's Room taking every native event before connect (what the filter guards)", async () => {
    const room = new Room() as unknown as Internals;
    await room.onFfiEvent(audioFrame);
    expect(room.preConnectEvents).toHaveLength(1);
  });

  it("drops other calls' audio frames and acknowledgements before the room's lock, keeps room events", async () => {
    const room = onlyOwnRoomEvents(new Room()) as unknown as Internals;
    await room.onFfiEvent(audioFrame);
    await room.onFfiEvent({ message: { case: "captureAudioFrame", value: { asyncId: 3n } } });
    expect(room.preConnectEvents).toHaveLength(0);
    // Before connect's result its handle is unknown: every room event is kept for the room to sort.
    await room.onFfiEvent(roomEvent(41n));
    expect(room.preConnectEvents).toHaveLength(1);
  });

  it("once connected, passes only its own room's events on", async () => {
    const seen: unknown[] = [];
    // A connected room (handle 42) whose processing is recorded.
    const connected = Object.assign(Object.create(Room.prototype) as Room, { onFfiEvent: (e: unknown) => void seen.push(e), ffiHandle: { handle: 42n } });
    const room = onlyOwnRoomEvents(connected) as unknown as Internals;
    const rpc = { message: { case: "rpcMethodInvocation", value: {} } };
    await room.onFfiEvent(roomEvent(41n));
    await room.onFfiEvent(audioFrame);
    await room.onFfiEvent(roomEvent(42n));
    await room.onFfiEvent(rpc);
    expect(seen).toEqual([roomEvent(42n), rpc]);
  });
});
