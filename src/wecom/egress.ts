import http from "node:http";
import https from "node:https";
import { HttpProxyAgent, HttpsProxyAgent } from "hpagent";

/** The agents that carry every call to WeCom: kept-alive connections, through the egress proxy when there is one. */
export interface UpstreamAgents {
  http: http.Agent;
  https: https.Agent;
}

const KEEP_ALIVE = { keepAlive: true, maxSockets: 128, maxFreeSockets: 32, scheduling: "lifo" } as const;

/**
 * WeCom accepts calls only from the corp's trusted IPs (errcode 60020), so companies send them
 * through a fixed egress, often an HTTP proxy. hpagent tunnels both http and https targets with
 * CONNECT: the proxy never sees a URL (which carries the access token), only host:port. A proxy
 * that refuses, fails or answers CONNECT with an error fails before the request is written, so the
 * call is classified as never sent, like a direct connection that failed.
 */
export function upstreamAgents(proxyUrl: string | undefined): UpstreamAgents {
  if (!proxyUrl) return { http: new http.Agent(KEEP_ALIVE), https: new https.Agent(KEEP_ALIVE) };
  return {
    http: new HttpProxyAgent({ ...KEEP_ALIVE, proxy: proxyUrl }),
    https: new HttpsProxyAgent({ ...KEEP_ALIVE, proxy: proxyUrl }),
  };
}

/** The proxy's address for logs: never its credentials. */
export function proxyForLogs(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  return `${url.protocol}//${url.host}`;
}
