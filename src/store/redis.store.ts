import type { ChainableCommander } from "ioredis";
import type { Logger } from "pino";
import { connect, describeTopology, topologyVariable, type RedisConnection, type RedisTopology } from "./redis-topology";
import { StoreUnavailableError, type Store } from "./store";

export { withoutPassword } from "./redis-topology";

export interface RedisStoreOptions {
  /** A command without an answer in this time fails (a Redis that hangs is unreachable too). */
  commandTimeoutMs?: number;
  /** A connection attempt that takes longer is given up (and retried in the background). */
  connectTimeoutMs?: number;
  /** The longest pause between reconnection attempts while Redis is down. */
  maxReconnectDelayMs?: number;
  /** How long the readiness ping may take. */
  pingTimeoutMs?: number;
  /** How long a write waits for its replicas' acknowledgement (WAIT) before it counts as failed. */
  replicaWaitMs?: number;
}

// Deletes the key only while it holds the expected value, in one step on the server.
const COMPARE_AND_DELETE = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  return redis.call("DEL", KEYS[1])
end
return 0`;

// Replaces the value only while the key holds the expected one, in one step on the server.
const COMPARE_AND_SET = `
if redis.call("GET", KEYS[1]) == ARGV[1] then
  redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
  return 1
end
return 0`;

interface Scripts<R> {
  compareAndDelete(key: string, expected: string): R;
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): R;
}
type RedisWithScripts = RedisConnection & Scripts<Promise<number>>;
type PipelineWithScripts = ChainableCommander & Scripts<ChainableCommander>;

/**
 * The store shared by all instances, on one Redis node, a Sentinel set or a Cluster. It never
 * waits for Redis: while Redis is unreachable every operation fails at once with
 * StoreUnavailableError (no offline queue, no per-command retries), so callers can degrade or
 * refuse quickly; ioredis keeps reconnecting in the background (to the primary of the moment)
 * and the store serves again as soon as Redis is back, without a restart.
 *
 * Writes are acknowledged by the replicas the topology asks for (WAIT, pipelined with the write
 * so it travels on the same connection, to the node that owns the key): replication is
 * asynchronous, and a claim a failover could forget would let a retry create a second meeting.
 * A write not acknowledged in time is undone where it can be and fails.
 */
export class RedisStore implements Store {
  readonly kind = "redis" as const;
  private readonly redis: RedisWithScripts;
  private readonly topology: RedisTopology;
  private readonly pingTimeoutMs: number;
  private readonly replicaWaitMs: number;
  private readonly where: string;
  /** For logging one line per change (down, back), never one per reconnection attempt. */
  private reachable: boolean | undefined;
  private lastProblem: string | undefined;
  private closing = false;
  private replicas: Promise<number> | undefined;
  private identity: Promise<string | undefined> | undefined;

  constructor(target: RedisTopology | string, private readonly log: Logger, options: RedisStoreOptions = {}) {
    this.topology = typeof target === "string" ? { kind: "url", url: target, minReplicas: 0 } : target;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 500;
    this.replicaWaitMs = options.replicaWaitMs ?? 500;
    this.where = describeTopology(this.topology);
    this.redis = connect(this.topology, {
      commandTimeoutMs: options.commandTimeoutMs ?? 1_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 2_000,
      maxReconnectDelayMs: options.maxReconnectDelayMs ?? 2_000,
    }) as RedisWithScripts;
    // defineCommand sends EVALSHA, and EVAL once when the script is not cached (e.g. after a restart).
    this.redis.defineCommand("compareAndDelete", { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
    this.redis.defineCommand("compareAndSet", { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.redis.on("ready", () => this.markReachable());
    this.redis.on("error", (error: Error) => this.markUnreachable(error.message));
    this.redis.on("close", () => this.markUnreachable("connection closed"));
  }

  /** The connection, for others that keep their state in the same Redis (the quota counters). */
  get connection(): RedisConnection {
    return this.redis;
  }

  /**
   * Resolves once the first connection attempt has an outcome: true when Redis answered, false
   * when it failed (the store keeps trying in the background). Lets start-up log the state.
   */
  firstConnection(): Promise<boolean> {
    if (this.redis.status === "ready") return Promise.resolve(true);
    if (this.reachable === false) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (ok: boolean) => {
        for (const [event, listener] of listeners) this.redis.off(event, listener);
        resolve(ok);
      };
      const listeners = [
        ["ready", () => settle(true)],
        ["close", () => settle(false)],
        ["error", () => settle(false)],
      ] as const;
      for (const [event, listener] of listeners) this.redis.once(event, listener);
    });
  }

  async get(key: string): Promise<string | null> {
    return this.call(() => this.redis.get(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.write((p) => p.set(key, value, "PX", wholeMs(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.write((p) => p.set(key, value, "PX", wholeMs(ttlMs), "NX"), { key, value })) === "OK";
  }

  async deleteIfEqual(key: string, expected: string): Promise<boolean> {
    return (await this.call(() => this.redis.compareAndDelete(key, expected))) === 1;
  }

  async replaceIfEqual(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.write((p) => p.compareAndSet(key, expected, value, wholeMs(ttlMs)), { key, value })) === 1;
  }

  /** What the server keeps across a restart: "aof", "rdb" (snapshots), "none", or "unknown" (cannot tell). */
  async persistence(): Promise<"aof" | "rdb" | "none" | "unknown"> {
    try {
      const info = await this.call(() => this.redis.info("persistence"));
      if (/^aof_enabled:1/m.test(info)) return "aof";
      const save = (await this.call(() => this.redis.config("GET", "save"))) as unknown as string[];
      return save[1] ? "rdb" : "none";
    } catch {
      return "unknown"; // managed Redis often refuses CONFIG; say nothing rather than guess
    }
  }

  /**
   * Who the primary (or, in a Cluster, the set of primaries) is now; another answer later means a
   * failover, which may have lost the writes replication had not carried yet. Undefined on one
   * node (REDIS_URL), where a restart that lost data is found by the epoch marker instead.
   */
  primaryIdentity(): Promise<string | undefined> {
    if (this.topology.kind === "url") return Promise.resolve(undefined);
    this.identity ??= this.call(() => this.readIdentity()).catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }

  /** How many replicas must acknowledge a write (REDIS_MIN_REPLICAS, or found out once for "auto"). */
  replicasRequired(): Promise<number> {
    const wanted = this.topology.minReplicas;
    if (wanted !== "auto") return Promise.resolve(wanted);
    if (this.topology.kind !== "cluster") return Promise.resolve(1);
    this.replicas ??= this.call(() => this.redis.call("CLUSTER", "SLOTS")).then(
      // A cluster whose every shard has a replica asks for one; a cluster without replicas cannot.
      (slots) => ((slots as unknown[][]).every((range) => range.length > 3) ? 1 : 0),
      (error: unknown) => {
        this.replicas = undefined;
        throw error;
      },
    );
    return this.replicas;
  }

  async isAvailable(): Promise<boolean> {
    if (this.redis.status !== "ready") return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.pingTimeoutMs);
    });
    try {
      return await Promise.race([this.answers(), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Why the store cannot serve, naming the variables to check; undefined while it can. */
  unavailableReason(): string {
    const why = this.lastProblem ? `: ${this.lastProblem}` : "";
    return `Redis (${topologyVariable(this.topology)}) is unreachable${why}`;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.redis.status === "ready") {
      await this.redis.quit().catch(() => undefined);
    }
    if (this.redis.status !== "end") this.redis.disconnect(); // also stops reconnecting while down
  }

  private async answers(): Promise<boolean> {
    if (this.topology.kind !== "cluster") return (await this.redis.ping()) === "PONG";
    // A cluster that lost a shard answers PING on the others but cannot serve every key.
    const info = String(await this.redis.call("CLUSTER", "INFO"));
    if (/^cluster_state:ok/m.test(info)) return true;
    this.lastProblem = "the cluster's state is not ok (a shard without a primary?)";
    return false;
  }

  private async readIdentity(): Promise<string | undefined> {
    if (this.topology.kind === "cluster") {
      const slots = (await this.redis.call("CLUSTER", "SLOTS")) as Array<[number, number, [string, number, string]]>;
      return [...new Set(slots.map((range) => range[2][2]))].sort().join(",");
    }
    const info = await this.redis.info("server");
    return /^run_id:(\w+)/m.exec(info)?.[1];
  }

  /**
   * A write, acknowledged by the replicas required: pipelined with WAIT so both travel on the
   * connection that owns the key. Not acknowledged in time: `undo` (a value this call wrote) is
   * taken back, so nothing acts on a write a failover could lose, and the write fails.
   */
  private async write(command: (p: PipelineWithScripts) => unknown, undo?: { key: string; value: string }): Promise<unknown> {
    const replicas = await this.replicasRequired();
    const pipeline = this.redis.pipeline() as PipelineWithScripts;
    command(pipeline);
    if (replicas > 0) pipeline.wait(replicas, this.replicaWaitMs);
    const results = await this.call(() => pipeline.exec());
    const [[error, written] = [new Error("no answer")], acknowledged] = results ?? [];
    if (error) throw new StoreUnavailableError(error);
    if (replicas === 0) return written;
    const wrote = written === "OK" || written === 1;
    if (!wrote) return written; // a conditional write that changed nothing needs no acknowledgement
    if (acknowledged?.[0] || Number(acknowledged?.[1]) < replicas) {
      if (undo) await this.redis.compareAndDelete(undo.key, undo.value).catch(() => 0);
      throw new StoreUnavailableError(new Error(`the write was not acknowledged by ${replicas} replica(s) within ${this.replicaWaitMs} ms`));
    }
    return written;
  }

  /** Any failure to get an answer from Redis is the store being unavailable for that operation. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new StoreUnavailableError(error);
    }
  }

  private markReachable(): void {
    this.identity = undefined; // maybe another primary: ask again
    if (this.reachable === false) this.log.info({ redis: this.where }, "Redis is reachable again");
    else this.log.info({ redis: this.where }, "connected to Redis");
    this.reachable = true;
    this.lastProblem = undefined;
  }

  private markUnreachable(reason: string): void {
    if (this.closing) return;
    this.lastProblem = reason;
    if (this.reachable === false) return;
    this.reachable = false;
    this.log.warn(
      { redis: this.where, reason },
      "Redis is unreachable: keyed creates answer STORE_UNAVAILABLE, and each instance caches its own token and " +
        "counts its own quotas until it is back; reconnecting in the background",
    );
  }
}

/** Redis wants a positive whole number of milliseconds. */
function wholeMs(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
