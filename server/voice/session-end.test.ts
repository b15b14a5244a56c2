import { describe, expect, it } from "vitest";
import { SessionEndTracker } from "./session-end";
import type { SpokenReply } from "./speaker";

function reply(fields: Partial<SpokenReply> = {}): SpokenReply {
  return { text: "ok", heardText: "ok", end: false, interrupted: false, stopped: Promise.resolve(0), ...fields };
}

describe("session end policy", () => {
  it("no answered turn: abandoned, ended because the caller left", () => {
    expect(new SessionEndTracker().result(undefined, false)).toMatchObject({ outcome: "abandoned", endReason: "caller left" });
  });

  it("answered, then the caller left: completed", () => {
    const end = new SessionEndTracker();
    expect(end.replied(reply(), false)).toBe(false);
    expect(end.result(1234, false)).toEqual({ outcome: "completed", endReason: "caller left", callerLeftAtMs: 1234, handoffSummary: undefined });
  });

  it("a handoff ends a phone call as transferred; on the web the visitor stays", () => {
    const phone = new SessionEndTracker();
    expect(phone.replied(reply({ handoffSummary: "wants a refund" }), true)).toBe(true);
    expect(phone.result(undefined, false)).toMatchObject({ outcome: "transferred", endReason: "transferred", handoffSummary: "wants a refund" });
    const web = new SessionEndTracker();
    expect(web.replied(reply({ handoffSummary: "wants a refund" }), false)).toBe(false);
    expect(web.result(undefined, false).outcome).toBe("transferred");
  });

  it("the caller leaving mid-answer, or with a turn unanswered, is abandoned; a goodbye that had started counts as said", () => {
    const cut = new SessionEndTracker();
    cut.replied(reply(), false);
    cut.repliedAsCallerLeft(reply({ interrupted: true }), true);
    expect(cut.result(1, false).outcome).toBe("abandoned");
    const goodbye = new SessionEndTracker();
    goodbye.replied(reply(), false);
    goodbye.repliedAsCallerLeft(reply({ end: true, interrupted: true }), true);
    expect(goodbye.result(1, false).outcome).toBe("completed");
    const unanswered = new SessionEndTracker();
    unanswered.replied(reply(), false);
    unanswered.unansweredAfterLeave();
    expect(unanswered.result(1, false).outcome).toBe("abandoned");
  });

  it("stopped from outside (worker shutdown) with no reason of its own: no end reason", () => {
    const end = new SessionEndTracker();
    end.replied(reply(), false);
    expect(end.result(undefined, true).endReason).toBeUndefined();
    end.agentEnded();
    expect(end.result(undefined, true).endReason).toBe("agent ended");
  });
});
