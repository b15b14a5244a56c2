import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/log";
import { AGENT_ATTRIBUTES, isOrphaned, redispatchOrphanedRooms, type RoomParticipant } from "./orphan-rooms";

const HOST = "box-1";
const DEAD = 999_001;
const ALIVE = 999_002;
const deps = { host: HOST, processAlive: (pid: number) => pid === ALIVE };
const caller: RoomParticipant = { identity: "caller", kind: 0, attributes: {} };
const phone: RoomParticipant = { identity: "sip_+15550100", kind: 3, attributes: {} };
const agent = (pid: number, extra: Partial<Record<string, string>> = {}): RoomParticipant => ({
  identity: `agent-${pid}`,
  kind: 4,
  attributes: { [AGENT_ATTRIBUTES.name]: "", [AGENT_ATTRIBUTES.host]: HOST, [AGENT_ATTRIBUTES.pid]: String(pid), ...extra } as Record<string, string>,
});

describe("rooms whose agent died with its worker", () => {
  it("is a room with a caller whose only agent names this machine and a process that is gone", () => {
    expect(isOrphaned([caller, agent(DEAD)], "", deps)).toBe(true);
    expect(isOrphaned([phone, agent(DEAD)], "", deps)).toBe(true);
  });

  it("is not a room with a live agent beside the dead one (already served again)", () => {
    expect(isOrphaned([caller, agent(DEAD), agent(ALIVE)], "", deps)).toBe(false);
  });

  it("leaves alone rooms it cannot judge: another agent name, another machine, no pid, no agent yet, nobody calling", () => {
    expect(isOrphaned([caller, agent(DEAD, { [AGENT_ATTRIBUTES.name]: "faults-7" })], "", deps)).toBe(false);
    expect(isOrphaned([caller, agent(DEAD, { [AGENT_ATTRIBUTES.host]: "box-2" })], "", deps)).toBe(false);
    expect(isOrphaned([caller, { identity: "agent-x", kind: 4, attributes: {} }], "", deps)).toBe(false);
    expect(isOrphaned([caller], "", deps)).toBe(false);
    expect(isOrphaned([agent(DEAD)], "", deps)).toBe(false);
  });

  it("dispatches the agent again to each orphaned room and goes on past a room that fails", async () => {
    const rooms: Record<string, RoomParticipant[]> = {
      "web-a": [caller, agent(DEAD)],
      "web-b": [caller, agent(ALIVE)],
      "call-c": [phone, agent(DEAD)],
      gone: [],
    };
    const dispatches: Record<string, { metadata: string }[]> = {};
    const sweeper = {
      ...deps,
      listRooms: async () => Object.keys(rooms).map((name) => ({ name })),
      listParticipants: async (name: string) => {
        if (name === "gone") throw new Error("room not found");
        return rooms[name]!;
      },
      listDispatches: async (name: string) => dispatches[name] ?? [],
      createDispatch: async (name: string, _agentName: string, metadata: string) => void (dispatches[name] ??= []).push({ metadata }),
    };
    const log = createLogger({ svc: "test" }, "error");
    expect(await redispatchOrphanedRooms(sweeper, "", log)).toEqual(["web-a", "call-c"]);
    expect(dispatches["web-a"]).toEqual([{ metadata: JSON.stringify({ replaces: `agent-${DEAD}` }) }]);
    // A second sweep (this worker's next, or another worker's) before the new agent has joined: no second agent.
    expect(await redispatchOrphanedRooms(sweeper, "", log)).toEqual([]);
    expect(dispatches["web-a"]).toHaveLength(1);
  });

  it("asks LiveKit about a room only when it could be an orphan: not served here, a caller left", async () => {
    const asked: string[] = [];
    const sweeper = {
      ...deps,
      // LiveKit's count leaves agents out: a caller and the dead agent count 1.
      listRooms: async () => [
        { name: "mine", numParticipants: 1 },
        { name: "nobody-left", numParticipants: 0 },
        { name: "web-a", numParticipants: 1 },
      ],
      listParticipants: async (name: string) => {
        asked.push(name);
        return [caller, agent(DEAD)];
      },
      listDispatches: async () => [],
      createDispatch: async () => undefined,
    };
    const log = createLogger({ svc: "test" }, "error");
    expect(await redispatchOrphanedRooms(sweeper, "", log, new Set(["mine"]))).toEqual(["web-a"]);
    expect(asked).toEqual(["web-a"]);
  });
});
