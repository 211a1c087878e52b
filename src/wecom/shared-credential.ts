import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { MemoryStore } from "../store/memory.store";
import { StoreUnavailableError, type Store } from "../store/store";

/** What a fetch of the credential gives: the value and how long WeCom says it is good for. */
export interface FetchedCredential {
  value: string;
  expiresInSeconds: number;
}

export interface SharedCredentialOptions {
  /** How long one instance may hold the refresh lock before others take over. */
  lockMs?: number;
  /** Asked before each attempt to fetch (e.g. a remembered refusal); throws to stop it. */
  beforeFetch?: () => Promise<void>;
}

const POLL_MS = 25;

/**
 * A credential WeCom hands out for a while (the access token, the JS-SDK tickets): cached in the
 * store until its `expires_in` less a margin, fetched once for all concurrent callers (in this
 * process by a shared promise, across instances by a short lock in the store), and dropped only
 * while it is still the value that was refused. If the shared store is unreachable, the
 * instance keeps a cache of its own. The value is never logged here.
 */
export class SharedCredential {
  private readonly lockKey: string;
  private readonly ownCache = new MemoryStore();
  private readonly lockMs: number;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly store: Store,
    /** The store key; it names the credential, never holds a secret. */
    readonly key: string,
    private readonly fetchFresh: () => Promise<FetchedCredential>,
    private readonly options: SharedCredentialOptions = {},
  ) {
    this.lockKey = `${key}:lock`;
    this.lockMs = options.lockMs ?? 5_000;
  }

  async get(): Promise<string> {
    const cached = await this.withStore((s) => s.get(this.key));
    if (cached) return cached;
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Drops `value` if it is still the cached one (a newer one fetched meanwhile stays). */
  async invalidate(value: string): Promise<void> {
    await this.withStore((s) => s.deleteIfEqual(this.key, value));
  }

  /** Runs `operation` on the shared store, or on this instance's own cache while it is unreachable. */
  async withStore<T>(operation: (store: Store) => Promise<T>): Promise<T> {
    try {
      return await operation(this.store);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      return operation(this.ownCache);
    }
  }

  async close(): Promise<void> {
    await this.ownCache.close();
  }

  private async refresh(): Promise<string> {
    const owner = randomUUID();
    const giveUpWaitingAt = Date.now() + 2 * this.lockMs;
    for (;;) {
      await this.options.beforeFetch?.();
      if (await this.withStore((s) => s.setIfAbsent(this.lockKey, owner, this.lockMs))) {
        try {
          // Another instance may have fetched while we waited for the lock.
          return (await this.withStore((s) => s.get(this.key))) ?? (await this.fetch());
        } finally {
          await this.withStore((s) => s.deleteIfEqual(this.lockKey, owner)).catch(() => false);
        }
      }
      await sleep(POLL_MS);
      const fetchedElsewhere = await this.withStore((s) => s.get(this.key));
      if (fetchedElsewhere) return fetchedElsewhere;
      if (Date.now() > giveUpWaitingAt) return this.fetch();
    }
  }

  private async fetch(): Promise<string> {
    const { value, expiresInSeconds } = await this.fetchFresh();
    const expiresInMs = expiresInSeconds * 1000;
    // Renewed a little before WeCom drops it: a tenth of its life, at most five minutes.
    const ttlMs = Math.floor(expiresInMs - Math.min(300_000, expiresInMs / 10));
    if (ttlMs > 0) await this.withStore((s) => s.set(this.key, value, ttlMs));
    return value;
  }
}
