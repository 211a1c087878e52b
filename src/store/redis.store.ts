import { Redis } from "ioredis";
import type { Logger } from "pino";
import { StoreUnavailableError, type Store } from "./store";

export interface RedisStoreOptions {
  /** A command without an answer in this time fails (a Redis that hangs is unreachable too). */
  commandTimeoutMs?: number;
  /** A connection attempt that takes longer is given up (and retried in the background). */
  connectTimeoutMs?: number;
  /** The longest pause between reconnection attempts while Redis is down. */
  maxReconnectDelayMs?: number;
  /** How long the readiness ping may take. */
  pingTimeoutMs?: number;
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

type RedisWithScripts = Redis & {
  compareAndDelete(key: string, expected: string): Promise<number>;
  compareAndSet(key: string, expected: string, value: string, ttlMs: number): Promise<number>;
};

/**
 * The store shared by all instances. It never waits for Redis: while Redis is unreachable every
 * operation fails at once with StoreUnavailableError (no offline queue, no per-command retries),
 * so callers can degrade or refuse quickly; ioredis keeps reconnecting in the background and the
 * store serves again as soon as Redis is back, without a restart.
 */
export class RedisStore implements Store {
  readonly kind = "redis" as const;
  private readonly redis: RedisWithScripts;
  private readonly pingTimeoutMs: number;
  private readonly where: string;
  /** For logging one line per change (down, back), never one per reconnection attempt. */
  private reachable: boolean | undefined;
  private closing = false;

  constructor(url: string, private readonly log: Logger, options: RedisStoreOptions = {}) {
    const maxDelay = options.maxReconnectDelayMs ?? 2_000;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 500;
    this.where = withoutPassword(url);
    this.redis = new Redis(url, {
      enableOfflineQueue: false, // a command while disconnected fails now instead of queueing
      maxRetriesPerRequest: 0, // commands in flight when the connection drops fail now
      autoResendUnfulfilledCommands: false, // never replay a claim after a reconnection
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 100, maxDelay), // never gives up
      // ioredis arms this timer on disconnect even when the socket is already gone (Redis down),
      // and nothing clears it: keep it short so a closed store does not hold the process.
      disconnectTimeout: 200,
    }) as RedisWithScripts;
    // defineCommand sends EVALSHA, and EVAL once when the script is not cached (e.g. after a restart).
    this.redis.defineCommand("compareAndDelete", { numberOfKeys: 1, lua: COMPARE_AND_DELETE });
    this.redis.defineCommand("compareAndSet", { numberOfKeys: 1, lua: COMPARE_AND_SET });
    this.redis.on("ready", () => this.markReachable());
    this.redis.on("error", (error: Error) => this.markUnreachable(error.message));
    this.redis.on("close", () => this.markUnreachable("connection closed"));
  }

  /** The connection, for others that keep their state in the same Redis (the quota counters). */
  get connection(): Redis {
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
        this.redis.off("ready", onReady);
        this.redis.off("close", onClose);
        resolve(ok);
      };
      const onReady = () => settle(true);
      const onClose = () => settle(false);
      this.redis.once("ready", onReady);
      this.redis.once("close", onClose);
    });
  }

  async get(key: string): Promise<string | null> {
    return this.call(() => this.redis.get(key));
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.call(() => this.redis.set(key, value, "PX", wholeMs(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.call(() => this.redis.set(key, value, "PX", wholeMs(ttlMs), "NX"))) === "OK";
  }

  async deleteIfEqual(key: string, expected: string): Promise<boolean> {
    return (await this.call(() => this.redis.compareAndDelete(key, expected))) === 1;
  }

  async replaceIfEqual(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.call(() => this.redis.compareAndSet(key, expected, value, wholeMs(ttlMs)))) === 1;
  }

  /** What the server keeps across a restart: "aof", "rdb" (snapshots), "none", or "unknown" (cannot tell). */
  async persistence(): Promise<"aof" | "rdb" | "none" | "unknown"> {
    try {
      const info = await this.call(() => this.redis.info("persistence"));
      if (/^aof_enabled:1/m.test(info)) return "aof";
      const save = (await this.call(() => this.redis.config("GET", "save"))) as string[];
      return save[1] ? "rdb" : "none";
    } catch {
      return "unknown"; // managed Redis often refuses CONFIG; say nothing rather than guess
    }
  }

  async isAvailable(): Promise<boolean> {
    if (this.redis.status !== "ready") return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.pingTimeoutMs);
    });
    try {
      return await Promise.race([this.redis.ping().then((pong) => pong === "PONG"), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.redis.status === "ready") {
      await this.redis.quit().catch(() => undefined);
    }
    if (this.redis.status !== "end") this.redis.disconnect(); // also stops reconnecting while down
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
    if (this.reachable === false) this.log.info({ redis: this.where }, "Redis is reachable again");
    else this.log.info({ redis: this.where }, "connected to Redis");
    this.reachable = true;
  }

  private markUnreachable(reason: string): void {
    if (this.closing || this.reachable === false) return;
    this.reachable = false;
    this.log.warn(
      { redis: this.where, reason },
      "Redis is unreachable: keyed creates answer STORE_UNAVAILABLE, and each instance caches its own token and " +
        "counts its own quotas until it is back; reconnecting in the background",
    );
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

/** Redis wants a positive whole number of milliseconds. */
function wholeMs(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs));
}
