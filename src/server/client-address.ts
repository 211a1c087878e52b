import type { IncomingMessage } from "node:http";
import { isIPv4, isIPv6 } from "node:net";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";

/**
 * Who a client is, for the per-client limits (connections, sign-ins): the address that connected,
 * or, when that is a trusted proxy (GATEWAY_TRUSTED_PROXIES), the address it forwarded in
 * X-Forwarded-For (proxy-addr: the nearest address not itself trusted). Anyone else's
 * X-Forwarded-For is ignored: a client cannot pose as many by varying it. An IPv6 client is its
 * /64, the share one host is usually given.
 */
export class ClientAddresses {
  private readonly trust: (address: string, hop: number) => boolean;

  constructor(trustedProxies: readonly string[]) {
    this.trust = trustedProxies.length > 0 ? proxyAddr.compile([...trustedProxies]) : () => false;
  }

  /** The key of the client that sent `req`. */
  of(req: IncomingMessage): string {
    const peer = req.socket.remoteAddress;
    if (peer === undefined) return "unknown";
    return clientKey(this.trust(peer, 0) ? proxyAddr(req, this.trust) : peer);
  }

  /** Whether a connection comes from a trusted proxy (which carries many clients). */
  isTrustedProxy(address: string): boolean {
    return this.trust(address, 0);
  }
}

/** One key per client: an IPv4 address (IPv4-mapped IPv6 too), or an IPv6 address' /64. Cheap for IPv4: it runs per connection and request. */
export function clientKey(address: string): string {
  if (isIPv4(address)) return address;
  if (address.startsWith(MAPPED) && isIPv4(address.slice(MAPPED.length))) return address.slice(MAPPED.length);
  if (!isIPv6(address)) return address;
  try {
    return `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/64`).toRFC5952String()}/64`;
  } catch {
    return address; // a form ipaddr.js does not read (a zone id): the address itself
  }
}

const MAPPED = "::ffff:";

/** Why a GATEWAY_TRUSTED_PROXIES entry is unusable, or undefined when every one is an address, a CIDR range or a proxy-addr name. */
export function trustedProxiesProblem(entries: readonly string[]): string | undefined {
  try {
    proxyAddr.compile([...entries]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
