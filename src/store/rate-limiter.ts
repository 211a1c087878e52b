import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * A rate-limiter-flexible counter of `points` per `duration` seconds: in Redis when there is one
 * (shared by every instance), with an in-memory insurance limiter that counts on its own while
 * Redis is unreachable; in memory otherwise.
 */
export function sharedLimiter(redis: Redis | undefined, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!redis) return memory;
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory });
}
