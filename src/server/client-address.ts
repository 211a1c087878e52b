import type { IncomingMessage } from "node:http";
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

/** One key per client: an IPv4 address (IPv4-mapped IPv6 too), or an IPv6 address' /64. */
export function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") return ip.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${ip.toNormalizedString()}/64`).toRFC5952String()}/64`;
}

/** Why a GATEWAY_TRUSTED_PROXIES entry is unusable, or undefined when every one is an address, a CIDR range or a proxy-addr name. */
export function trustedProxiesProblem(entries: readonly string[]): string | undefined {
  try {
    proxyAddr.compile([...entries]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
