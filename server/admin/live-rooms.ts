import { RoomServiceClient } from "livekit-server-sdk";
import { AppError } from "../core/errors";
import { env, livekitHttpUrl } from "../env";

export type LiveParticipantKind = "visitor" | "sip" | "agent" | "other";

export interface LiveParticipant {
  identity: string;
  name?: string;
  kind: LiveParticipantKind;
  joinedAt: string;
  /** The caller's number, for SIP participants. */
  phoneNumber?: string;
}

export interface LiveRoom {
  name: string;
  channel: "web" | "phone" | "other";
  createdAt: string;
  participants: LiveParticipant[];
}

// livekit.ParticipantInfo.Kind (the protocol enum is not re-exported by the SDK's types we import).
const KIND_SIP = 3;
const KIND_AGENT = 4;
const KIND_STANDARD = 0;

const TIMEOUT_MS = 3_000;

/** Rooms in progress and who is in each, from LiveKit's RoomService. */
export async function listLiveRooms(): Promise<{ rooms: LiveRoom[]; fetchedAt: string }> {
  const config = env();
  const client = new RoomServiceClient(livekitHttpUrl(config.LIVEKIT_URL), config.LIVEKIT_API_KEY, config.LIVEKIT_API_SECRET);
  try {
    const rooms = await withTimeout(client.listRooms(), TIMEOUT_MS);
    const detailed = await Promise.all(
      rooms.map(async (room): Promise<LiveRoom> => {
        const participants = await withTimeout(client.listParticipants(room.name), TIMEOUT_MS).catch(() => []);
        return {
          name: room.name,
          channel: room.name.startsWith("web-") ? "web" : room.name.startsWith("call-") ? "phone" : "other",
          createdAt: timeOf(room.creationTimeMs, room.creationTime).toISOString(),
          participants: participants.map((p) => ({
            identity: p.identity,
            name: p.name || undefined,
            kind: kindOf(p.kind as number),
            joinedAt: timeOf(p.joinedAtMs, p.joinedAt).toISOString(),
            phoneNumber: p.attributes?.["sip.phoneNumber"] || undefined,
          })),
        };
      }),
    );
    detailed.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { rooms: detailed, fetchedAt: new Date().toISOString() };
  } catch (error) {
    throw new AppError("UNAVAILABLE", "LiveKit is unreachable", { retryable: true, cause: error });
  }
}

function kindOf(kind: number): LiveParticipantKind {
  if (kind === KIND_SIP) return "sip";
  if (kind === KIND_AGENT) return "agent";
  if (kind === KIND_STANDARD) return "visitor";
  return "other";
}

/** Millisecond field when the server fills it (newer servers), else the seconds one. */
function timeOf(ms: bigint | undefined, seconds: bigint | undefined): Date {
  const millis = Number(ms ?? 0);
  return new Date(millis > 0 ? millis : Number(seconds ?? 0) * 1000);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}
