import { networkInterfaces } from "node:os";
import { RoomAgentDispatch, RoomConfiguration, SipClient, SIPInboundTrunkInfo, type SIPDispatchRuleInfo } from "livekit-server-sdk";
import { z } from "zod";
import { livekitHttpUrl, type Env } from "../../env";

export const INBOUND_TRUNK_NAME = "voice-agent-inbound";
export const DISPATCH_RULE_NAME = "voice-agent-calls";
export const ROOM_PREFIX = "call-";

const address = z
  .string()
  .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, "must be an IP address or CIDR (e.g. 203.0.113.7 or 203.0.113.0/24)");

/** What the inbound side accepts; every field optional, env fills the gaps. A wrong field is a 400 at the admin API. */
export const sipProvisionSchema = z
  .object({
    numbers: z.array(z.string().regex(/^\+?[0-9*#]{2,20}$/, "must be a phone number like +15550123")).max(100),
    allowedAddresses: z.array(address).max(100),
    auth: z.object({ username: z.string().min(1).max(128), password: z.string().min(8).max(128) }).nullable(),
  })
  .partial()
  .strict();

export type SipProvisionInput = z.infer<typeof sipProvisionSchema>;

export interface SipProvisionResult {
  inboundTrunkId: string;
  dispatchRuleId: string;
  changed: { trunk: "created" | "updated" | "unchanged"; rule: "created" | "updated" | "unchanged" };
  numbers: string[];
  allowedAddresses: string[];
  auth: boolean;
}

/**
 * Idempotent: one inbound trunk and one dispatch rule, found by name, created
 * or brought in line with the settings. Each call goes to its own room
 * (`call-…`), where LiveKit's agent dispatch hands it to a worker exactly like
 * a web room.
 */
export async function provisionSip(config: Env, input: SipProvisionInput = {}): Promise<SipProvisionResult> {
  const sip = new SipClient(livekitHttpUrl(config.LIVEKIT_URL), config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  const auth =
    input.auth !== undefined
      ? input.auth
      : config.SIP_AUTH_USERNAME && config.SIP_AUTH_PASSWORD
        ? { username: config.SIP_AUTH_USERNAME, password: config.SIP_AUTH_PASSWORD }
        : null;
  const numbers = input.numbers ?? config.SIP_INBOUND_NUMBERS;
  const configured = input.allowedAddresses ?? config.SIP_ALLOWED_ADDRESSES;
  // A trunk with neither an address list nor auth would take calls from anyone: default to this machine.
  const allowedAddresses = configured.length > 0 || auth ? configured : ownAddresses();

  const wanted = {
    numbers,
    allowedAddresses,
    authUsername: auth?.username ?? "",
    authPassword: auth?.password ?? "",
  };
  const trunks = await sip.listSipInboundTrunk();
  const existing = trunks.find((t) => t.name === INBOUND_TRUNK_NAME);
  let trunkId: string;
  let trunkChange: SipProvisionResult["changed"]["trunk"];
  if (!existing) {
    const created = await sip.createSipInboundTrunk(INBOUND_TRUNK_NAME, numbers, {
      allowedAddresses,
      ...(auth ? { authUsername: auth.username, authPassword: auth.password } : {}),
    });
    trunkId = created.sipTrunkId;
    trunkChange = "created";
  } else {
    trunkId = existing.sipTrunkId;
    const same =
      sameList(existing.numbers, wanted.numbers) &&
      sameList(existing.allowedAddresses, wanted.allowedAddresses) &&
      existing.authUsername === wanted.authUsername &&
      existing.authPassword === wanted.authPassword;
    trunkChange = same ? "unchanged" : "updated";
    if (!same) await sip.updateSipInboundTrunk(trunkId, new SIPInboundTrunkInfo({ ...existing, ...wanted }));
  }

  const rules = await sip.listSipDispatchRule();
  const rule = rules.find((r) => r.name === DISPATCH_RULE_NAME);
  const { id: dispatchRuleId, change: ruleChange } = await ensureDispatchRule(sip, rule, trunkId, config.AGENT_NAME);
  return {
    inboundTrunkId: trunkId,
    dispatchRuleId,
    changed: { trunk: trunkChange, rule: ruleChange },
    numbers,
    allowedAddresses,
    auth: Boolean(auth),
  };
}

async function ensureDispatchRule(
  sip: SipClient,
  existing: SIPDispatchRuleInfo | undefined,
  trunkId: string,
  agentName: string,
): Promise<{ id: string; change: SipProvisionResult["changed"]["rule"] }> {
  // With explicit dispatch (AGENT_NAME) the room must name the agent; otherwise every new room gets one.
  const roomConfig = agentName ? new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName })] }) : undefined;
  const individual = existing?.rule?.rule.case === "dispatchRuleIndividual" ? existing.rule.rule.value : undefined;
  const upToDate =
    existing &&
    individual?.roomPrefix === ROOM_PREFIX &&
    sameList(existing.trunkIds, [trunkId]) &&
    (existing.roomConfig?.agents[0]?.agentName ?? "") === agentName;
  if (existing && upToDate) return { id: existing.sipDispatchRuleId, change: "unchanged" };
  // A rule's trunk list and room config are replaced by delete + create: fewer fields to get wrong than a patch.
  if (existing) await sip.deleteSipDispatchRule(existing.sipDispatchRuleId);
  const created = await sip.createSipDispatchRule(
    { type: "individual", roomPrefix: ROOM_PREFIX },
    { name: DISPATCH_RULE_NAME, trunkIds: [trunkId], ...(roomConfig ? { roomConfig } : {}) },
  );
  return { id: created.sipDispatchRuleId, change: existing ? "updated" : "created" };
}

/** Loopback plus this machine's own IPv4 addresses, each as a /32. */
function ownAddresses(): string[] {
  const found = new Set(["127.0.0.1/32"]);
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === "IPv4") found.add(`${a.address}/32`);
  }
  return [...found];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}
