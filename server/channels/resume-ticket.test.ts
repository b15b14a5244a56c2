import { describe, expect, it } from "vitest";
import { mintResumeTicket, readResumeTicket } from "./resume-ticket";

const room = "web-0b5c1f0e-8d1c-4b8e-9a55-3f1f6a0c9d21";

describe("resume tickets", () => {
  it("name the room they were issued for", () => {
    expect(readResumeTicket(mintResumeTicket(room, "secret", 1_000_000), "secret")).toEqual({ roomName: room, issuedAt: 1_000_000 });
  });

  it("are refused when forged, altered or signed with another secret", () => {
    const ticket = mintResumeTicket(room, "secret");
    expect(readResumeTicket(ticket, "other-secret")).toBeUndefined();
    expect(readResumeTicket(ticket.replace(room, "web-0b5c1f0e-8d1c-4b8e-9a55-3f1f6a0c9d22"), "secret")).toBeUndefined();
    expect(readResumeTicket(`${room}.zz.${"a".repeat(43)}`, "secret")).toBeUndefined();
    expect(readResumeTicket("call-123.1.x", "secret")).toBeUndefined();
    expect(readResumeTicket("", "secret")).toBeUndefined();
  });
});
