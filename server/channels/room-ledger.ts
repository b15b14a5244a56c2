/**
 * Voice rooms handed out per client address, so one client cannot hold the
 * agent workers' capacity (each room gets an agent). A room counts from its
 * token until the room_finished webhook; a room nobody joined stops counting
 * when its token can no longer be used, one that was joined when the longest
 * call would be over (in case a webhook is lost).
 */
export class RoomLedger {
  private readonly rooms = new Map<string, { client: string; until: number }>();

  constructor(
    private readonly options: { maxPerClient: number; joinWithinMs: number; maxCallMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Rooms this client holds now. */
  openRooms(client: string): number {
    const now = this.now();
    let count = 0;
    for (const [name, room] of this.rooms) {
      if (room.until <= now) this.rooms.delete(name);
      else if (room.client === client) count += 1;
    }
    return count;
  }

  canOpen(client: string): boolean {
    return this.openRooms(client) < this.options.maxPerClient;
  }

  opened(roomName: string, client: string): void {
    this.rooms.set(roomName, { client, until: this.now() + this.options.joinWithinMs });
  }

  /** Someone joined (webhook participant_joined): the room lives as long as a call may. */
  joined(roomName: string): void {
    const room = this.rooms.get(roomName);
    if (room) room.until = this.now() + this.options.maxCallMs + 60_000;
  }

  finished(roomName: string): void {
    this.rooms.delete(roomName);
  }
}
