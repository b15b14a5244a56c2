import { RoomLedger } from "../channels/room-ledger";
import { VISITOR_TOKEN_TTL_MS } from "../channels/web-token";
import { env } from "../env";
import { SlidingWindowLimiter } from "./sliding-window";

export interface AbuseLimits {
  readonly tokens: SlidingWindowLimiter;
  readonly rooms: RoomLedger;
  readonly chat: SlidingWindowLimiter;
}

/**
 * The web process's limits on anonymous, costly endpoints (tokens → voice
 * rooms with an agent, chat → dialogue turns), per client address. Kept on
 * globalThis: Next.js may load a route's modules apart from another's, and the
 * token route and the webhook route must share the room ledger.
 */
const shared = globalThis as typeof globalThis & { __abuseLimits?: AbuseLimits };

export function abuseLimits(): AbuseLimits {
  if (!shared.__abuseLimits) {
    const config = env();
    shared.__abuseLimits = {
      tokens: new SlidingWindowLimiter(config.TOKEN_RATE_LIMIT_PER_MINUTE, 60_000),
      rooms: new RoomLedger({ maxPerClient: config.MAX_ROOMS_PER_CLIENT, joinWithinMs: VISITOR_TOKEN_TTL_MS, maxCallMs: config.MAX_CALL_DURATION_MS }),
      chat: new SlidingWindowLimiter(config.CHAT_RATE_LIMIT_PER_MINUTE, 60_000),
    };
  }
  return shared.__abuseLimits;
}
