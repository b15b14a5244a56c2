import { hostname } from "node:os";
import type { Logger } from "../../core/log";
import { processAlive } from "../../core/process-alive";

/** ParticipantInfo.Kind in LiveKit's protocol (numbers on the wire; the server SDK does not re-export the enum). */
const KIND_AGENT = 4;

/** The attributes an agent sets on itself when it joins (server/worker/call.ts). */
export const AGENT_ATTRIBUTES = { name: "agent.name", host: "agent.worker_host", pid: "agent.worker_pid" } as const;

export interface RoomParticipant {
  identity: string;
  kind: number;
  attributes: Record<string, string>;
}

/** The parts of LiveKit's RoomService and AgentDispatch APIs the sweep uses. */
export interface OrphanSweepDeps {
  listRooms(): Promise<{ name: string; numParticipants?: number }[]>;
  listParticipants(roomName: string): Promise<RoomParticipant[]>;
  listDispatches(roomName: string): Promise<{ metadata: string }[]>;
  createDispatch(roomName: string, agentName: string, metadata: string): Promise<unknown>;
  /** Whether a process of this machine is alive; process.kill(pid, 0) by default. */
  processAlive?(pid: number): boolean;
  host?: string;
}

/**
 * A room whose agent died with its worker process (SIGKILL, out of memory):
 * LiveKit keeps the dead agent in the room until its connection times out
 * (≈ 20 s) and never dispatches the room again, so the caller would hear
 * nothing for the rest of the call. An agent is known dead only when it names
 * this agent, this machine and a process that is gone; any other agent in
 * the room counts as alive (a room never gets a second agent by mistake), and
 * a room that never had an agent is left to LiveKit's own dispatch.
 */
export function isOrphaned(participants: RoomParticipant[], agentName: string, deps: Pick<OrphanSweepDeps, "processAlive" | "host">): boolean {
  const host = deps.host ?? hostname();
  const alive = deps.processAlive ?? processAlive;
  const agents = participants.filter((p) => p.kind === KIND_AGENT);
  const callers = participants.filter((p) => p.kind !== KIND_AGENT);
  if (callers.length === 0 || agents.length === 0) return false;
  return agents.every((agent) => {
    const pid = Number(agent.attributes[AGENT_ATTRIBUTES.pid]);
    return (
      agent.attributes[AGENT_ATTRIBUTES.name] === agentName &&
      agent.attributes[AGENT_ATTRIBUTES.host] === host &&
      Number.isInteger(pid) &&
      pid > 0 &&
      pid !== process.pid &&
      !alive(pid)
    );
  });
}

/** A dispatch made by the sweep below (its metadata names the agent it replaces). */
export function isRedispatch(metadata: string | undefined): boolean {
  if (!metadata) return false;
  try {
    const parsed: unknown = JSON.parse(metadata);
    return typeof parsed === "object" && parsed !== null && typeof (parsed as { replaces?: unknown }).replaces === "string";
  } catch {
    return false;
  }
}

/**
 * Dispatches this worker's agent again to every room whose agent died with its
 * process; returns their names. Every worker runs it when it (re)registers and
 * every few seconds: a worker restarted after a crash, or another worker of
 * this machine, picks up the calls a dead process dropped. The new dispatch
 * names the dead agent in its metadata, so a second worker sweeping the same
 * room does not dispatch a second agent.
 */
export async function redispatchOrphanedRooms(
  deps: OrphanSweepDeps,
  agentName: string,
  log: Logger,
  /** Rooms this worker serves itself: their agent is alive, no need to ask LiveKit. */
  served: ReadonlySet<string> = new Set(),
): Promise<string[]> {
  const orphaned: string[] = [];
  for (const room of await deps.listRooms()) {
    // An orphan still has its caller. LiveKit's room count leaves agents out (and lags joins by a few
    // seconds): a room it counts empty has no caller left to serve. These two skips keep the sweep to
    // one API read a second on a worker holding all of a machine's calls.
    if (served.has(room.name) || room.numParticipants === 0) continue;
    try {
      const participants = await deps.listParticipants(room.name);
      if (!isOrphaned(participants, agentName, deps)) continue;
      const replaces = participants.filter((p) => p.kind === KIND_AGENT).map((p) => p.identity).sort().join(",");
      const metadata = JSON.stringify({ replaces });
      if ((await deps.listDispatches(room.name)).some((d) => d.metadata === metadata)) continue;
      await deps.createDispatch(room.name, agentName, metadata);
      orphaned.push(room.name);
      log.warn("room whose agent died dispatched again", { room: room.name });
    } catch (error) {
      // A room that closed meanwhile, or LiveKit busy: the other rooms still get their agent.
      log.warn("could not check or dispatch a room", { room: room.name, error });
    }
  }
  return orphaned;
}
