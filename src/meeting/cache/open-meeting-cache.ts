import type { Logger } from "pino";
import { MemoryStore } from "../../store/memory.store";
import type { Store } from "../../store/store";
import { MeetingCache } from "./meeting-cache";
import { SharedEntries, type CacheObserver } from "./shared-entries";

/** Entries an instance without Redis keeps at most (a meeting's answer is 1–3 KB). */
const MEMORY_ENTRIES = 20_000;

export interface MeetingCacheSettings {
  /** The gateway's store: Redis is shared by every instance; in memory, the cache gets a store of its own. */
  store: Store;
  log: Logger;
  observer?: CacheObserver;
  /** The corp, so two corps' gateways may share one Redis. */
  scope: string;
  wecomTimeoutMs: number;
  maxStaleSeconds: number;
  maxStaleFarSeconds: number;
  maxStaleListingSeconds: number;
}

/**
 * The shared meeting cache as the composition root wires it: in Redis when there is one (shared by
 * every instance); otherwise in a bounded store of its own, so cached reads never push
 * idempotency records out of the gateway's.
 */
export function openMeetingCache(settings: MeetingCacheSettings): { meetings: MeetingCache; close(): Promise<void> } {
  const shared = settings.store.kind === "redis";
  const store = shared ? settings.store : new MemoryStore({ maxEntries: MEMORY_ENTRIES });
  const entries = new SharedEntries({
    store,
    log: settings.log,
    observer: settings.observer,
    // Longer than any read that began before an invalidation can take (a token refresh and a retry included).
    tombstoneMs: Math.max(60_000, 3 * settings.wecomTimeoutMs),
    shared,
  });
  const bounds = { nearMs: settings.maxStaleSeconds * 1000, farMs: settings.maxStaleFarSeconds * 1000, listingMs: settings.maxStaleListingSeconds * 1000 };
  return {
    meetings: new MeetingCache(entries, bounds, settings.scope),
    async close() {
      entries.close();
      if (!shared) await store.close();
    },
  };
}
