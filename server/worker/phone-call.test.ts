import { EventEmitter } from "node:events";
import { DisconnectReason, RoomEvent, type RemoteParticipant } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { CallLine, type RoomEvents } from "../channels/sip/call-line";
import { createLogger } from "../core/log";
import { parseEnv } from "../env";
import { MemoryStore } from "../voice/testing/memory-store";
import { endPhoneCall, failOutboundCall } from "./phone-call";

const config = parseEnv({});
const log = createLogger({}, "error");
const caller = { identity: "sip_+15550142", attributes: { "sip.callStatus": "active", "sip.phoneNumber": "+15550142" } };

function room() {
  const emitter = new EventEmitter();
  return {
    events: emitter as unknown as RoomEvents,
    hangUp: (attributes: Record<string, string>, reason?: DisconnectReason) => {
      emitter.emit(RoomEvent.ParticipantAttributesChanged, attributes, { identity: caller.identity });
      emitter.emit(RoomEvent.ParticipantDisconnected, { identity: caller.identity, disconnectReason: reason });
    },
  };
}

function end(line: CallLine, outcome: "completed" | "abandoned" | "transferred") {
  return endPhoneCall({ config, roomName: "call-x", participant: caller as unknown as RemoteParticipant, line, outcome, stillConnected: false, log });
}

describe("end of a phone call", () => {
  it("is failed, with the reason, when the bridge hung up on a media timeout", async () => {
    const r = room();
    const line = new CallLine(r.events, caller);
    r.hangUp({ "sip.callStatus": "hangup", "sip.hangupReason": "media-timeout" }, DisconnectReason.CLIENT_INITIATED);
    expect(await end(line, "completed")).toEqual({ outcome: "failed", endReason: "media timeout" });
  });

  it("is failed when the bridge's connection was lost mid-call", async () => {
    const r = room();
    const line = new CallLine(r.events, caller);
    r.hangUp({}, DisconnectReason.CONNECTION_TIMEOUT);
    expect(await end(line, "completed")).toMatchObject({ outcome: "failed" });
  });

  it("keeps the conversation's outcome when the caller simply hung up", async () => {
    for (const outcome of ["completed", "abandoned"] as const) {
      const r = room();
      const line = new CallLine(r.events, caller);
      r.hangUp({ "sip.callStatus": "hangup" }, DisconnectReason.CLIENT_INITIATED);
      expect(await end(line, outcome)).toEqual({ outcome });
    }
  });

  it("stores an outbound call that was never answered as failed with the reason", async () => {
    const store = new MemoryStore();
    store.seed("conv-1", { channel: "phone", direction: "outbound", roomName: "outbound-conv-1" });
    await failOutboundCall({ config, roomName: "outbound-conv-1", outbound: { conversationId: "conv-1", purpose: "x", direction: "outbound" }, reason: "no answer", store, log });
    expect(store.conversations.get("conv-1")).toMatchObject({ outcome: "failed", endReason: "no answer" });
  });
});
