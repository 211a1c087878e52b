import type { Logger } from "pino";
import { MemoryStore } from "./memory.store";
import { RedisStore } from "./redis.store";
import type { Store } from "./store";

/**
 * The store the config asks for: Redis when REDIS_URL is set, else memory. A Redis that is down
 * at start does not stop the gateway: it serves unkeyed creates, reports not ready, and uses
 * Redis as soon as it answers.
 */
export async function openStore(redisUrl: string | undefined, log: Logger): Promise<Store> {
  if (!redisUrl) {
    return new MemoryStore({
      onFull: (max) =>
        log.warn(
          { maxEntries: max },
          "the in-memory store is full: the oldest idempotency records are dropped before their 24 h; set REDIS_URL for this volume",
        ),
    });
  }
  const store = new RedisStore(redisUrl, log);
  await store.firstConnection(); // logged by the store either way
  return store;
}
