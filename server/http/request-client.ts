import { env } from "../env";
import { clientAddressFrom, trustedProxies, type TrustedProxies } from "./client-address";

let cached: { entries: readonly string[]; proxies: TrustedProxies } | undefined;

/** The configured reverse proxies (TRUSTED_PROXY), parsed once. */
export function configuredProxies(): TrustedProxies {
  const entries = env().TRUSTED_PROXY;
  if (cached?.entries !== entries) cached = { entries, proxies: trustedProxies(entries) };
  return cached.proxies;
}

/** The address a request came from, as far as our own proxies vouch for it (see client-address.ts). */
export function requestClient(headers: Headers): string {
  return clientAddressFrom(headers.get("x-forwarded-for"), configuredProxies());
}
