import { z } from "zod";

/** The stored conversation, as the Admin API's detail route gives it (only the fields the evals read). */
const storedConversationSchema = z.object({
  id: z.string(),
  channel: z.string(),
  roomName: z.string().optional(),
  outcome: z.string().nullish(),
  turns: z.array(z.object({ role: z.enum(["user", "agent"]), text: z.string(), intent: z.string().nullish(), startedAt: z.string() })),
  toolCalls: z.array(z.object({ name: z.string(), arguments: z.unknown(), result: z.unknown().optional(), startedAt: z.string(), error: z.string().nullish() })),
});

export type StoredConversation = z.infer<typeof storedConversationSchema>;

const listSchema = z.object({ conversations: z.array(z.object({ id: z.string(), startedAt: z.string() })) });

const reservationsSchema = z.object({
  reservations: z.array(z.object({ reference: z.string(), name: z.string().nullish(), partySize: z.number(), startsAt: z.string().optional(), status: z.string(), conversationId: z.string().nullish() }).loose()),
});

export type StoredReservation = z.infer<typeof reservationsSchema>["reservations"][number];

/** The Admin API with HTTP Basic credentials (the stack's ADMIN_EMAIL / ADMIN_PASSWORD). */
export class AdminApi {
  private readonly authorization: string;

  constructor(
    private readonly baseUrl: string,
    credentials: { email: string; password: string },
  ) {
    this.authorization = `Basic ${Buffer.from(`${credentials.email}:${credentials.password}`).toString("base64")}`;
  }

  async conversation(id: string): Promise<StoredConversation> {
    return storedConversationSchema.parse(await this.get(`/api/admin/conversations/${id}`));
  }

  /** The conversation held in a LiveKit room: the newest ones of the channel, matched on their room name. */
  async conversationInRoom(channel: "web" | "phone", roomName: string, since: Date): Promise<StoredConversation | undefined> {
    const list = listSchema.parse(await this.get(`/api/admin/conversations?channel=${channel}&from=${encodeURIComponent(since.toISOString())}&pageSize=20`));
    for (const { id } of list.conversations) {
      const detail = await this.conversation(id);
      if (detail.roomName === roomName) return detail;
    }
    return undefined;
  }

  /** Reservations stored for a conversation; undefined when the stack has no reservations API (yet). */
  async reservationsOf(conversationId: string): Promise<StoredReservation[] | undefined> {
    return (await this.reservations())?.filter((r) => r.conversationId === conversationId);
  }

  /** Every stored reservation; undefined when the stack has no reservations API. */
  async reservations(): Promise<StoredReservation[] | undefined> {
    const response = await fetch(`${this.baseUrl}/api/admin/reservations`, { headers: { authorization: this.authorization } });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /api/admin/reservations: HTTP ${response.status}`);
    return reservationsSchema.parse(await response.json()).reservations;
  }

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: this.authorization } });
    if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text().catch(() => "")}`.trim());
    return response.json();
  }
}
