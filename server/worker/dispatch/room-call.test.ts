import { EventEmitter } from "node:events";
import { ParticipantKind, RoomEvent, type Room } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/log";
import type { CallContext } from "../call-context";
import type { Engines } from "../engines";
import { startRoomCall, type RoomCallJob } from "./room-call";

/** Just enough of rtc-node's Room for the runner's lifecycle: events, participants, connect/disconnect. */
class StandInRoom extends EventEmitter {
  isConnected = false;
  disconnects = 0;
  readonly remoteParticipants = new Map<string, { identity: string; info: { kind: ParticipantKind }; trackPublications: Map<string, unknown> }>();
  async connect() {
    this.isConnected = true;
  }
  async disconnect() {
    this.disconnects += 1;
    this.isConnected = false;
  }
  join(identity: string, kind = ParticipantKind.STANDARD) {
    const participant = { identity, info: { kind }, trackPublications: new Map() };
    this.remoteParticipants.set(identity, participant);
    this.emit(RoomEvent.ParticipantConnected, participant);
  }
}

const log = createLogger({ svc: "test" }, "error");
const job: RoomCallJob = { id: "AJ_1", roomName: "call-1", roomMetadata: "", participantsAtDispatch: 0 };

function run(entry: (ctx: CallContext) => Promise<void>, options: { job?: Partial<RoomCallJob>; room?: StandInRoom } = {}) {
  const room = options.room ?? new StandInRoom();
  const call = startRoomCall({
    job: { ...job, ...options.job },
    url: "ws://lk",
    token: "t",
    engines: {} as Engines,
    workerPid: 42,
    log,
    entry,
    closeTimeoutMs: 500,
    room: room as unknown as Room,
  });
  return { room, call };
}

describe("startRoomCall", () => {
  it("ends the call (not the process) when its entry throws, and leaves the room", async () => {
    const { room, call } = run(async (ctx) => {
      await ctx.connect();
      throw new Error("boom");
    });
    await expect(call.done).resolves.toEqual({ reason: "call failed", error: "boom" });
    await call.left();
    expect(room.disconnects).toBe(1);
  });

  it("runs the shutdown callbacks when the room goes away, so the entry can store the end and finish", async () => {
    let aborted = false;
    const { room, call } = run(async (ctx) => {
      await ctx.connect();
      const controller = new AbortController();
      ctx.addShutdownCallback(async () => controller.abort());
      await new Promise((resolve) => controller.signal.addEventListener("abort", resolve));
      aborted = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    room.emit(RoomEvent.Disconnected);
    await expect(call.done).resolves.toEqual({ reason: "room disconnected" });
    expect(aborted).toBe(true);
  });

  it("waits for the caller in a room created before they join", async () => {
    const seen: string[] = [];
    const { room, call } = run(async (ctx) => {
      await ctx.connect();
      seen.push((await ctx.waitForParticipant()).identity);
      ctx.shutdown("conversation over");
    });
    await new Promise((r) => setTimeout(r, 20));
    room.join("agent-other", ParticipantKind.AGENT);
    room.join("caller");
    await expect(call.done).resolves.toEqual({ reason: "conversation over" });
    expect(seen).toEqual(["caller"]);
  });

  it("ends at once when the caller left the room before the agent joined", async () => {
    const started = Date.now();
    const { call } = run(
      async (ctx) => {
        await ctx.connect();
        await ctx.waitForParticipant();
      },
      { job: { participantsAtDispatch: 1 } },
    );
    await expect(call.done).resolves.toEqual({ reason: "caller gone" });
    expect(Date.now() - started).toBeLessThan(400);
  });

  it("leaves a call that ignores its end behind after the close timeout", async () => {
    const { room, call } = run(async (ctx) => {
      await ctx.connect();
      ctx.shutdown("conversation over");
      await new Promise(() => {});
    });
    await expect(call.done).resolves.toEqual({ reason: "conversation over" });
    await call.left();
    expect(room.disconnects).toBe(1);
  });

  it("frees its slot when the entry says the call is over, and is left once the entry has stored everything", async () => {
    let storeEnd: () => void = () => {};
    const { room, call } = run(async (ctx) => {
      await ctx.connect();
      ctx.callOver();
      // Slow storage (a database outage being flushed): longer than the close timeout.
      await new Promise<void>((resolve) => (storeEnd = resolve));
      ctx.shutdown("conversation over");
    });
    await expect(call.done).resolves.toEqual({ reason: "call over" });
    let left = false;
    void call.left().then(() => (left = true));
    await new Promise((r) => setTimeout(r, 700));
    expect(left).toBe(false);
    storeEnd();
    await call.left();
    expect(room.disconnects).toBe(1);
  });
});
