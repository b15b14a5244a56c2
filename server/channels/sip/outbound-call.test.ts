import type * as LiveKitSdk from "livekit-server-sdk";
import { ServerError, SipCallError, type SipClient } from "livekit-server-sdk";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AppError } from "../../core/errors";
import { createLogger } from "../../core/log";
import { parseEnv } from "../../env";

// Storage and LiveKit are the edges here: replaced by recording fakes.
const storage = vi.hoisted(() => ({
  started: [] as { to: string; purpose: string }[],
  ended: [] as { conversationId: string; outcome: string; endReason?: string }[],
  loginFailures: 0,
}));
const livekit = vi.hoisted(() => ({
  trunks: [] as { sipTrunkId: string; name: string; address: string; numbers: string[]; transport: number; authUsername: string; authPassword: string }[],
  rooms: [] as { name: string; metadata?: string; agents?: unknown[] }[],
  deletedRooms: [] as string[],
  dials: [] as { trunkId: string; to: string; room: string; opts: Record<string, unknown> }[],
  dialError: undefined as unknown,
}));

vi.mock("../../storage/conversations/start-outbound-conversation", () => ({
  startOutboundConversation: async (options: { to: string; purpose: string }) => {
    storage.started.push(options);
    return { id: "5f0c2a44-0000-4000-8000-000000000001", roomName: "outbound-5f0c2a44-0000-4000-8000-000000000001" };
  },
}));
vi.mock("../../storage/conversations/end-conversation", () => ({
  endConversation: async (options: { conversationId: string; outcome: string; endReason?: string }) => {
    storage.ended.push(options);
    return { ended: true };
  },
}));
// Admin authentication (its rate limits and sessions are tested on their own): Basic with the
// env credentials passes, anything else is refused the way authenticateAdmin refuses it.
vi.mock("../../admin/auth", async () => {
  const { parseBasicAuth } = await import("../../admin/basic-auth");
  const { env } = await import("../../env");
  return {
    authenticateAdmin: async ({ headers }: { headers: Headers }) => {
      const basic = parseBasicAuth(headers.get("authorization"));
      if (!basic) return { ok: false, status: 401, reason: "authentication required" };
      if (basic.user !== env().ADMIN_EMAIL || basic.password !== env().ADMIN_PASSWORD) {
        storage.loginFailures++;
        return { ok: false, status: 401, reason: "invalid credentials" };
      }
      return { ok: true, principal: { via: "basic", email: basic.user } };
    },
  };
});
vi.mock("../../storage/admin/remember-known-client", () => ({ rememberKnownClient: async () => undefined }));
vi.mock("../../storage/admin/ensure-admin", () => ({ ensureAdminUser: async () => undefined }));
vi.mock("livekit-server-sdk", async (importOriginal) => {
  const actual = await importOriginal<typeof LiveKitSdk>();
  class FakeSipClient {
    async listSipOutboundTrunk() {
      return livekit.trunks;
    }
    async createSipOutboundTrunk(name: string, address: string, numbers: string[], opts: { transport: number; authUsername?: string; authPassword?: string }) {
      const trunk = { sipTrunkId: `ST_${livekit.trunks.length + 1}`, name, address, numbers, transport: opts.transport, authUsername: opts.authUsername ?? "", authPassword: opts.authPassword ?? "" };
      livekit.trunks.push(trunk);
      return trunk;
    }
    async updateSipOutboundTrunk(id: string, info: { address: string }) {
      const trunk = livekit.trunks.find((t) => t.sipTrunkId === id)!;
      Object.assign(trunk, { address: info.address });
      return trunk;
    }
    async createSipParticipant(trunkId: string, to: string, room: string, opts: Record<string, unknown>) {
      if (livekit.dialError) throw livekit.dialError;
      livekit.dials.push({ trunkId, to, room, opts });
      return {};
    }
  }
  class FakeRoomServiceClient {
    async createRoom(options: { name: string; metadata?: string; agents?: unknown[] }) {
      livekit.rooms.push(options);
      return options;
    }
    async deleteRoom(name: string) {
      livekit.deletedRooms.push(name);
    }
  }
  return { ...actual, SipClient: FakeSipClient, RoomServiceClient: FakeRoomServiceClient };
});

const { POST } = await import("../../../app/api/admin/calls/route");
const { dialFailure, dialTarget, ensureOutboundTrunk, outboundCallSchema, placeOutboundCall } = await import("./outbound-call");
const { parseOutboundCall } = await import("./outbound-metadata");

const config = parseEnv({});
const log = createLogger({}, "error");
const basic = (password = config.ADMIN_PASSWORD) => `Basic ${Buffer.from(`${config.ADMIN_EMAIL}:${password}`).toString("base64")}`;

function post(body: unknown, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (authorization) headers.authorization = authorization;
  const request = new NextRequest("http://localhost:3000/api/admin/calls", {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({}) });
}

beforeEach(() => {
  storage.started.length = 0;
  storage.ended.length = 0;
  livekit.trunks.length = 0;
  livekit.rooms.length = 0;
  livekit.deletedRooms.length = 0;
  livekit.dials.length = 0;
  livekit.dialError = undefined;
});

describe("POST /api/admin/calls", () => {
  it("refuses an anonymous request and a wrong password with 401, dialling nothing", async () => {
    for (const auth of [undefined, basic("not-the-password")]) {
      const response = await post({ to: "+15550177", purpose: "your order is ready" }, auth);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
    expect(storage.started).toEqual([]);
    expect(livekit.dials).toEqual([]);
  });

  it("places the call: conversation first, trunk, room with the call's metadata, then the dial; 202 with the conversation id", async () => {
    const response = await post({ to: "+1 (555) 017-7", purpose: "your order 4271 is ready for pickup" }, basic());
    expect(response.status).toBe(202);
    const body = (await response.json()) as { conversationId: string };
    expect(body).toEqual({ conversationId: "5f0c2a44-0000-4000-8000-000000000001" });
    expect(storage.started).toEqual([{ to: "+15550177", purpose: "your order 4271 is ready for pickup" }]);
    expect(livekit.trunks).toMatchObject([{ name: "voice-agent-outbound", address: "127.0.0.1:5070", numbers: ["+15550100"], transport: 1 }]);
    expect(livekit.rooms).toHaveLength(1);
    expect(livekit.rooms[0]?.name).toBe("outbound-5f0c2a44-0000-4000-8000-000000000001");
    expect(parseOutboundCall(livekit.rooms[0]?.metadata)).toEqual({ conversationId: body.conversationId, purpose: "your order 4271 is ready for pickup", direction: "outbound" });
    expect(livekit.dials).toEqual([
      {
        trunkId: "ST_1",
        to: "+15550177",
        room: "outbound-5f0c2a44-0000-4000-8000-000000000001",
        opts: expect.objectContaining({ participantIdentity: `callee-${body.conversationId}`, waitUntilAnswered: false, ringingTimeout: 30 }),
      },
    ]);
    expect(storage.ended).toEqual([]);
  });

  it("answers a bad body with 400 in the one error shape, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ to: "call mom", purpose: "x" }, "to"],
      [{ to: "12", purpose: "x" }, "to"],
      [{ to: "+15550177", purpose: "   " }, "purpose"],
      [{ to: "+15550177", purpose: "x".repeat(501) }, "purpose"],
      [{ purpose: "x" }, "to"],
      [{ to: "+15550177" }, "purpose"],
      [{ to: "+15550177", purpose: "x", priority: "high" }, ""],
    ];
    for (const [body, field] of cases) {
      const response = await post(body, basic());
      expect(response.status, JSON.stringify(body)).toBe(400);
      const json = (await response.json()) as { error: { code: string; message: string; issues?: { path: string[] }[] } };
      expect(json.error.code).toBe("BAD_REQUEST");
      if (field) expect(json.error.issues?.[0]?.path).toEqual([field]);
    }
    for (const raw of ["{not json", ""]) {
      const response = await post(raw, basic());
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
    }
    expect(storage.started).toEqual([]);
  });

  it("stores a refused dial as failed with the reason, removes the room, and answers 502 saying why", async () => {
    livekit.dialError = new SipCallError("sip", "INVITE failed", 400, "failed_precondition", { sip_status_code: "486", sip_status: "Busy Here" });
    const response = await post({ to: "+15550177", purpose: "reminder" }, basic());
    expect(response.status).toBe(502);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe("PROVIDER_ERROR");
    expect(json.error.message).toContain("busy (SIP 486 Busy Here)");
    expect(storage.ended).toEqual([{ conversationId: "5f0c2a44-0000-4000-8000-000000000001", outcome: "failed", endReason: "dialling failed: busy (SIP 486 Busy Here)" }]);
    expect(livekit.deletedRooms).toEqual(["outbound-5f0c2a44-0000-4000-8000-000000000001"]);
  });
});

describe("outbound call pieces", () => {
  it("accepts E.164-ish numbers and SIP URIs", () => {
    expect(outboundCallSchema.parse({ to: " +44 20 7946 0958 ", purpose: "hi" }).to).toBe("+442079460958");
    expect(outboundCallSchema.parse({ to: "sip:desk@pbx.example.com:5080", purpose: "hi" }).to).toBe("sip:desk@pbx.example.com:5080");
    expect(outboundCallSchema.safeParse({ to: "sip:pbx.example.com", purpose: "hi" }).success).toBe(false);
    expect(outboundCallSchema.safeParse({ to: "tel:+15550100", purpose: "hi" }).success).toBe(false);
  });

  it("dials a number through the configured trunk and a SIP URI through a trunk for its host", () => {
    expect(dialTarget("+15550177", config)).toEqual({ callTo: "+15550177", trunkName: "voice-agent-outbound", address: "127.0.0.1:5070" });
    expect(dialTarget("sip:bob@127.0.0.1:5070", config)).toEqual({ callTo: "bob", trunkName: "voice-agent-outbound", address: "127.0.0.1:5070" });
    expect(dialTarget("sip:desk@pbx.example.com", config)).toEqual({ callTo: "desk", trunkName: "voice-agent-outbound-pbx.example.com", address: "pbx.example.com" });
  });

  it("provisions the outbound trunk once and brings it in line when the settings change", async () => {
    const { SipClient } = await import("livekit-server-sdk");
    const sip = new SipClient("http://x", "k", "s") as SipClient;
    const target = dialTarget("+15550177", config);
    const first = await ensureOutboundTrunk(sip, config, target);
    expect(await ensureOutboundTrunk(sip, config, target)).toBe(first);
    expect(livekit.trunks).toHaveLength(1);
    const moved = parseEnv({ SIP_OUTBOUND_ADDRESS: "sip.carrier.example:5060" });
    expect(await ensureOutboundTrunk(sip, moved, dialTarget("+15550177", moved))).toBe(first);
    expect(livekit.trunks).toMatchObject([{ sipTrunkId: first, address: "sip.carrier.example:5060" }]);
  });

  it("names the failure in words an administrator can act on", () => {
    expect(dialFailure(new SipCallError("sip", "x", 400, undefined, { sip_status_code: "408", sip_status: "Request Timeout" }))).toBe("no answer (SIP 408 Request Timeout)");
    expect(dialFailure(new ServerError("unavailable", "sip not connected (redis required)", 503, "unavailable"))).toBe("sip not connected (redis required) (LiveKit 503 unavailable)");
    expect(dialFailure(new TypeError("fetch failed"))).toBe("fetch failed");
  });

  it("keeps an AppError's code and names the stage that failed", async () => {
    livekit.dialError = new AppError("UNAVAILABLE", "bridge gone");
    await expect(placeOutboundCall(config, { to: "+15550177", purpose: "x" }, log)).rejects.toMatchObject({ code: "UNAVAILABLE", message: expect.stringContaining("(dialling): bridge gone") });
    expect(storage.ended[0]).toMatchObject({ outcome: "failed", endReason: "dialling failed: bridge gone" });
  });
});
