import { Cluster, Redis, type RedisOptions } from "ioredis";

export interface HostPort {
  host: string;
  port: number;
}

/** The shared store's Redis (CONTRACT §13): one node, a Sentinel set, or a Cluster. */
export type RedisTopology = (
  | { kind: "url"; url: string }
  | { kind: "sentinel"; sentinels: HostPort[]; name: string; sentinelPassword?: string; password?: string }
  | { kind: "cluster"; nodes: HostPort[]; password?: string }
) & {
  /** Replicas that must acknowledge a write before a keyed create is sent; "auto": 1 where there are replicas. */
  minReplicas: number | "auto";
};

/** A connection to any of the three: both answer the same commands for one key. */
export type RedisConnection = Redis | Cluster;

export interface ConnectionTimeouts {
  commandTimeoutMs: number;
  connectTimeoutMs: number;
  maxReconnectDelayMs: number;
}

/**
 * The client for a topology, set up to fail fast rather than wait (no offline queue, no replayed
 * commands), and to reconnect in the background for good: through the sentinels to whichever
 * node is the primary now, or through the cluster's slot map.
 */
export function connect(topology: RedisTopology, timeouts: ConnectionTimeouts): RedisConnection {
  const retry = (attempt: number) => Math.min(attempt * 100, timeouts.maxReconnectDelayMs);
  const common: RedisOptions = {
    enableOfflineQueue: false, // a command while disconnected fails now instead of queueing
    maxRetriesPerRequest: 0, // commands in flight when the connection drops fail now
    autoResendUnfulfilledCommands: false, // never replay a claim after a reconnection
    commandTimeout: timeouts.commandTimeoutMs,
    connectTimeout: timeouts.connectTimeoutMs,
    // ioredis arms this timer on disconnect even when the socket is already gone (Redis down),
    // and nothing clears it: keep it short so a closed store does not hold the process.
    disconnectTimeout: 200,
  };
  switch (topology.kind) {
    case "url":
      return new Redis(topology.url, { ...common, retryStrategy: retry });
    case "sentinel":
      return new Redis({
        ...common,
        sentinels: topology.sentinels,
        name: topology.name,
        sentinelPassword: topology.sentinelPassword,
        password: topology.password,
        retryStrategy: retry,
        sentinelRetryStrategy: retry,
      });
    case "cluster":
      return new Cluster(topology.nodes, {
        enableOfflineQueue: false,
        clusterRetryStrategy: retry,
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        redisOptions: { ...common, password: topology.password },
      });
  }
}

/** The variables that name the topology, for messages an operator can act on. */
export function topologyVariable(topology: RedisTopology): string {
  switch (topology.kind) {
    case "url":
      return "REDIS_URL";
    case "sentinel":
      return "REDIS_SENTINELS, REDIS_SENTINEL_NAME";
    case "cluster":
      return "REDIS_CLUSTER_NODES";
  }
}

/** Where the store is, as it may be logged: never a password. */
export function describeTopology(topology: RedisTopology): string {
  const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(",");
  switch (topology.kind) {
    case "url":
      return withoutPassword(topology.url);
    case "sentinel":
      return `sentinel ${topology.name} via ${list(topology.sentinels)}`;
    case "cluster":
      return `cluster ${list(topology.nodes)}`;
  }
}

/** REDIS_URL as it may be logged: the password replaced. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable REDIS_URL)";
  }
}
