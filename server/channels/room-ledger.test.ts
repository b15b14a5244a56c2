import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "../http/sliding-window";
import { RoomLedger } from "./room-ledger";

describe("voice rooms per client", () => {
  it("caps open rooms per client, frees them when LiveKit says the room finished or the token expired unused", () => {
    let now = 0;
    const ledger = new RoomLedger({ maxPerClient: 2, joinWithinMs: 300_000, maxCallMs: 900_000 }, () => now);
    ledger.opened("web-a", "203.0.113.1");
    ledger.opened("web-b", "203.0.113.1");
    expect(ledger.canOpen("203.0.113.1")).toBe(false);
    expect(ledger.canOpen("203.0.113.2")).toBe(true);
    ledger.finished("web-a");
    expect(ledger.canOpen("203.0.113.1")).toBe(true);
    ledger.opened("web-c", "203.0.113.1");
    ledger.joined("web-c");
    // Past the unused token's life: web-b is gone, web-c (in a call) still counts.
    now = 300_001;
    expect(ledger.openRooms("203.0.113.1")).toBe(1);
    // A lost room_finished webhook does not hold a slot past the longest call.
    now = 300_000 + 900_000 + 60_001;
    expect(ledger.openRooms("203.0.113.1")).toBe(0);
  });
});

describe("sliding-window limiter", () => {
  it("refuses over the limit with the wait until a slot frees, per key", () => {
    let now = 1_000;
    const limiter = new SlidingWindowLimiter(2, 60_000, () => now);
    expect(limiter.take("a").ok).toBe(true);
    now += 10_000;
    expect(limiter.take("a").ok).toBe(true);
    expect(limiter.take("a")).toEqual({ ok: false, retryAfterMs: 50_000 });
    expect(limiter.take("b").ok).toBe(true);
    now += 50_001;
    expect(limiter.take("a").ok).toBe(true);
  });
});
