import type http from "node:http";
import { Server as NetServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * The listener's part of a drain, for a balancer that keeps connections open to the gateway:
 * new connections are refused (a balancer sends those requests to another instance, as nothing
 * was sent), while the open ones end on their own: each answer during the drain says
 * `Connection: close`, and an idle one is closed by the balancer's own idle timeout. Closing an
 * idle keep-alive connection from this side (what http.Server.close does) races the balancer
 * writing a request into it, which it would then answer 502 without retrying a POST.
 * Resolves when no connection is left, or after `withinMs` (what is left is then cut by the
 * HTTP server's close).
 */
export async function stopAccepting(server: http.Server, withinMs: number): Promise<void> {
  if (!server.listening) return;
  NetServer.prototype.close.call(server); // the listener only, not http.Server.close's idle sweep
  const giveUpAt = Date.now() + withinMs;
  while (Date.now() < giveUpAt && (await openConnections(server)) > 0) await sleep(50);
}

function openConnections(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}
