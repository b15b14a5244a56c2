import { BlockList, isIP } from "node:net";

/**
 * Who sent a request. X-Forwarded-For is written by whoever is in front of
 * us, so only the hops added by our own reverse proxies (TRUSTED_PROXY) are
 * believed: the client is the right-most address that is not one of them.
 * The web server (server/web/server.ts) drops forwarded headers a client sent
 * directly, so with no proxy configured the address is the socket's.
 */
export interface TrustedProxies {
  has(address: string): boolean;
  readonly empty: boolean;
}

/** "10.0.0.0/8, 127.0.0.1, ::1" → a matcher; throws on an entry that is neither an address nor a CIDR. */
export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split("/");
    const family = isIP(address ?? "");
    if (family === 0) throw new Error(`${entry} is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address!, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`${entry} has a bad prefix length`);
      list.addSubnet(address!, prefix, type);
    }
  }
  return {
    empty: entries.length === 0,
    has(address) {
      const plain = normaliseAddress(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** "::ffff:127.0.0.5" → "127.0.0.5"; "[::1]:443" and "1.2.3.4:80" → the address; lower case. */
export function normaliseAddress(raw: string): string {
  let address = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) address = address.slice(7);
  return address;
}

/**
 * The client's address from X-Forwarded-For (which the web server sets to the
 * socket address for a direct request): the right-most hop that is not a
 * trusted proxy; "unknown" when there is nothing usable.
 */
export function clientAddressFrom(forwardedFor: string | null, proxies: TrustedProxies): string {
  const hops = (forwardedFor ?? "")
    .split(",")
    .map(normaliseAddress)
    .filter((hop) => isIP(hop) !== 0);
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!proxies.has(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? "unknown";
}
