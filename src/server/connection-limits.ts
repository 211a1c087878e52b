import type http from "node:http";
import { clientKey, type ClientAddresses } from "./client-address";

/** How long a client may take, and how many connections it may hold (GATEWAY_*_TIMEOUT_MS, GATEWAY_MAX_CONNECTIONS*). */
export interface ConnectionLimits {
  /** Until a request's headers have all arrived (an idle new connection too); then 408 and closed. */
  headersTimeoutMs: number;
  /** Until the whole request, body included, has arrived; then 408 and closed. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Open connections in all; past it a new one is closed at once. */
  maxConnections: number;
  /** Open connections from one client address (a trusted proxy's are not counted). */
  maxConnectionsPerAddress: number;
}

export type ConnectionRefusal = "total" | "per_address";

/**
 * node:http's options for these limits. Node checks the header and request timeouts only every
 * `connectionsCheckingInterval` (30 s by default), so it is made a fraction of the header timeout.
 */
export function connectionOptions(limits: ConnectionLimits): http.ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/**
 * Caps what slow or idle clients can hold: connections in all (node's own maxConnections, which
 * closes the excess before any byte is read) and per client address, so one host cannot take
 * every descriptor while others' requests (GET /health) still answer.
 */
export function limitConnections(
  server: http.Server,
  limits: ConnectionLimits,
  clients: ClientAddresses,
  onRefused: (why: ConnectionRefusal) => void,
): void {
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  server.on("drop", () => onRefused("total"));
  const open = new Map<string, number>();
  server.on("connection", (socket) => {
    const address = socket.remoteAddress;
    if (address === undefined || clients.isTrustedProxy(address)) return;
    const key = clientKey(address);
    const count = open.get(key) ?? 0;
    if (count >= limits.maxConnectionsPerAddress) {
      onRefused("per_address");
      socket.destroy();
      return;
    }
    open.set(key, count + 1);
    socket.once("close", () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
