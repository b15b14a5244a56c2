import { EventEmitter } from "node:events";
import { DisconnectReason, RoomEvent } from "@livekit/rtc-node";
import { describe, expect, it } from "vitest";
import { CallLine, callFailure, type RoomEvents } from "./call-line";

/** The events of a room, driven by hand: attribute changes and a participant leaving. */
function fakeRoom() {
  const emitter = new EventEmitter();
  const room = emitter as unknown as RoomEvents;
  return {
    room,
    setAttributes: (identity: string, changed: Record<string, string>) => emitter.emit(RoomEvent.ParticipantAttributesChanged, changed, { identity }),
    leave: (identity: string, disconnectReason?: DisconnectReason) => emitter.emit(RoomEvent.ParticipantDisconnected, { identity, disconnectReason }),
    listeners: () => emitter.listenerCount(RoomEvent.ParticipantAttributesChanged) + emitter.listenerCount(RoomEvent.ParticipantDisconnected),
  };
}

const callee = { identity: "callee-1", attributes: { "sip.callStatus": "dialing", "sip.phoneNumber": "+15550177" } };

describe("how a phone call ended", () => {
  it("fails the call on a media timeout the bridge reports with the hang-up", () => {
    expect(callFailure({ callStatus: "hangup", hangupReason: "media-timeout", disconnectReason: DisconnectReason.CLIENT_INITIATED, answered: true })).toBe("media timeout");
  });

  it("keeps an ordinary hang-up from either side an ordinary end", () => {
    for (const hangupReason of [undefined, "", "hangup", "caller-hangup", "participant-removed", "transferred", "caller-cancelled"]) {
      expect(callFailure({ callStatus: "hangup", hangupReason, disconnectReason: DisconnectReason.CLIENT_INITIATED, answered: true }), String(hangupReason)).toBeUndefined();
    }
    expect(callFailure({ callStatus: "active", answered: true })).toBeUndefined();
  });

  it("fails a call whose bridge connection was lost, or whose trunk or media failed", () => {
    expect(callFailure({ callStatus: "active", disconnectReason: DisconnectReason.CONNECTION_TIMEOUT, answered: true })).toBe("the SIP bridge's connection timed out");
    expect(callFailure({ callStatus: "active", disconnectReason: DisconnectReason.SIGNAL_CLOSE, answered: true })).toBe("the SIP bridge's connection closed");
    expect(callFailure({ callStatus: "hangup", disconnectReason: DisconnectReason.MEDIA_FAILURE, answered: true })).toBe("media failure");
    expect(callFailure({ callStatus: "hangup", hangupReason: "sip-trunk-failure", answered: true })).toBe("sip trunk failure");
  });

  it("names busy, declined and unanswered outbound calls", () => {
    expect(callFailure({ callStatus: "hangup", disconnectReason: DisconnectReason.USER_REJECTED, answered: false, outbound: true })).toBe("busy or declined");
    expect(callFailure({ callStatus: "hangup", disconnectReason: DisconnectReason.USER_UNAVAILABLE, answered: false, outbound: true })).toBe("no answer");
    expect(callFailure({ callStatus: "hangup", hangupReason: "callee-486", answered: false, outbound: true })).toBe("busy (SIP 486)");
    expect(callFailure({ callStatus: "hangup", hangupReason: "no-answer", answered: false, outbound: true })).toBe("no answer");
    expect(callFailure({ callStatus: "hangup", answered: false, outbound: true })).toBe("the call ended before it was answered");
    // An inbound caller who hangs up while it rings abandoned the call; the conversation says so.
    expect(callFailure({ callStatus: "hangup", answered: false })).toBeUndefined();
  });
});

describe("CallLine", () => {
  it("follows an outbound call from dialling to answered, then to a media-timeout hang-up", async () => {
    const fake = fakeRoom();
    const line = new CallLine(fake.room, callee, true);
    expect(line.answered).toBe(false);
    const answer = line.waitUntilAnswered(1000);
    fake.setAttributes("someone-else", { "sip.callStatus": "active" });
    fake.setAttributes("callee-1", { "sip.callStatus": "ringing" });
    expect(line.callStatus).toBe("ringing");
    fake.setAttributes("callee-1", { "sip.callStatus": "active" });
    expect(await answer).toEqual({ answered: true });
    expect(line.end()).toBeUndefined();
    fake.setAttributes("callee-1", { "sip.callStatus": "hangup", "sip.hangupReason": "media-timeout" });
    fake.leave("callee-1", DisconnectReason.CLIENT_INITIATED);
    expect(line.failure()).toBe("media timeout");
    line.close();
    expect(fake.listeners()).toBe(0);
  });

  it("reports a callee who never picks up, and one who declines", async () => {
    const unanswered = new CallLine(fakeRoom().room, callee, true);
    expect(await unanswered.waitUntilAnswered(30)).toEqual({ answered: false, reason: "no answer" });
    const fake = fakeRoom();
    const declined = new CallLine(fake.room, callee, true);
    const answer = declined.waitUntilAnswered(1000);
    fake.setAttributes("callee-1", { "sip.callStatus": "hangup" });
    fake.leave("callee-1", DisconnectReason.USER_REJECTED);
    expect(await answer).toEqual({ answered: false, reason: "busy or declined" });
  });

  it("knows at once about a callee who left before the line was followed (a dial refused as it started)", async () => {
    const busy = { identity: "callee-1", attributes: { "sip.callStatus": "hangup", "sip.hangupReason": "callee-486" } };
    const line = new CallLine(fakeRoom().room, busy, true, false);
    const started = Date.now();
    expect(await line.waitUntilAnswered(10_000)).toEqual({ answered: false, reason: "busy (SIP 486)" });
    expect(Date.now() - started).toBeLessThan(100);
  });

  it("leaves an ordinary hang-up to the conversation's own outcome", () => {
    const fake = fakeRoom();
    const line = new CallLine(fake.room, { identity: "sip_+15550142", attributes: { "sip.callStatus": "active" } });
    fake.setAttributes("sip_+15550142", { "sip.callStatus": "hangup" });
    fake.leave("sip_+15550142");
    expect(line.end()).toMatchObject({ callStatus: "hangup", answered: true });
    expect(line.failure()).toBeUndefined();
  });
});
