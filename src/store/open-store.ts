import type { Logger } from "pino";
import { MemoryStore } from "./memory.store";
import { RedisStore } from "./redis.store";
import type { RedisTopology } from "./redis-topology";
import type { Store } from "./store";

/**
 * The store the config asks for: Redis when a topology is set (REDIS_URL, REDIS_SENTINELS or
 * REDIS_CLUSTER_NODES), else memory. A Redis that is down
 * at start does not stop the gateway: it serves unkeyed creates, reports not ready, and uses
 * Redis as soon as it answers.
 */
export async function openStore(redis: RedisTopology | undefined, log: Logger): Promise<Store> {
  if (!redis) {
    return new MemoryStore({
      onFull: (max) =>
        log.warn(
          { maxEntries: max },
          "the in-memory store is full: the oldest idempotency records are dropped before their 24 h; set a Redis (REDIS_URL) for this volume",
        ),
    });
  }
  const store = new RedisStore(redis, log);
  await store.firstConnection(); // logged by the store either way
  return store;
}
