import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { StoreUnavailableError, type Store } from "../../store/store";
import { UpstreamRateLimitedError } from "../../wecom/wecom.errors";

export type CacheKind = "meeting" | "invitees" | "listing";
export type CacheEvent = "hit" | "miss" | "fill" | "invalidation";

/** Told of every hit, miss, fill and invalidation (metrics). */
export interface CacheObserver {
  cacheEvent(kind: CacheKind, event: CacheEvent): void;
}

/** A value and when it was read from WeCom (the start of the read: the conservative "as of"). */
export interface Stamped<T> {
  value: T;
  at: number;
}

export interface SharedEntriesOptions {
  store: Store;
  log: Logger;
  observer?: CacheObserver;
  /**
   * How long an invalidation's tombstone lives: longer than any read that started before it can
   * take, so that read's late fill finds the tombstone and is dropped.
   */
  tombstoneMs: number;
  /** Whether other instances share the store (then a miss takes a short fill lock, so they wait for one read). */
  shared: boolean;
  /** How long an instance waits for another's fill before reading WeCom itself. */
  lockWaitMs?: number;
}

/** Tombstones start with this; an entry is JSON (an object), so the two never mix. */
const TOMBSTONE = "x:";
const LOCK_POLL_MS = 20;
const MAX_PENDING = 10_000;
const RETRY_EVERY_MS = 1_000;

/**
 * Entries in the shared store, read and kept so that no read after an invalidation answers what
 * was there before (CONTRACT §11): an invalidation writes a tombstone, and a fill writes only if
 * the key still holds what its read saw (absent, or the same tombstone or entry), in one step on
 * one key. A read that began before a write can therefore never put back the old value.
 *
 * Concurrent misses of one key share one read in the instance, and, when the store is shared,
 * wait briefly for the instance that holds the key's fill lock. A store that cannot be reached
 * degrades to reading WeCom; an invalidation it missed is retried until it lands, and until then
 * this instance does not use that key.
 */
export class SharedEntries {
  /** Reads in progress, with what each saw in the store: a later read joins one only if it saw the same. */
  private readonly inFlight = new Map<string, { observed: string | null | undefined; read: Promise<Stamped<unknown>> }>();
  /** Writes (invalidations, generations) the store has not taken yet. */
  private readonly pending = new Map<string, { value: string; ttlMs: number }>();
  private retrying: NodeJS.Timeout | undefined;
  private readonly lockWaitMs: number;

  constructor(private readonly options: SharedEntriesOptions) {
    this.lockWaitMs = options.lockWaitMs ?? 1_000;
  }

  /**
   * The kept value of `key`, or `fetch`'s (kept for `lifetimeMs(value)`, 0: not kept). `fresh`
   * skips what is kept and replaces it.
   */
  async read<T>(kind: CacheKind, key: string, fetch: () => Promise<T>, lifetimeMs: (value: T) => number, fresh: boolean): Promise<Stamped<T>> {
    if (this.pending.has(key)) return this.fetchNow(fetch); // an invalidation this instance could not deliver yet
    const observed = await this.get(key);
    const kept = fresh ? undefined : entryOf<T>(observed);
    if (kept) {
      this.options.observer?.cacheEvent(kind, "hit");
      return kept;
    }
    this.options.observer?.cacheEvent(kind, "miss");
    // A read that saw something else began before a write this one saw the mark of: not joined.
    const joined = this.inFlight.get(key);
    if (!fresh && joined && joined.observed === observed) {
      return (joined.read as Promise<Stamped<T>>).catch((error) => (byUser(error) ? this.fetchNow(fetch) : Promise.reject(error)));
    }
    const read = this.lead(kind, key, observed, fetch, lifetimeMs, fresh);
    const flight = { observed, read };
    this.inFlight.set(key, flight);
    const forget = () => this.inFlight.get(key) === flight && this.inFlight.delete(key);
    read.then(forget, forget);
    return read;
  }

  /** Makes every later read of `key`, on every instance, read WeCom again. */
  async invalidate(kind: CacheKind, key: string): Promise<void> {
    this.options.observer?.cacheEvent(kind, "invalidation");
    await this.write(key, `${TOMBSTONE}${uniqueToken()}`, this.options.tombstoneMs);
  }

  /** Writes a marker (a listing generation) that must land; retried while the store is unreachable. */
  async write(key: string, value: string, ttlMs: number): Promise<void> {
    this.inFlight.delete(key);
    try {
      await this.options.store.set(key, value, ttlMs);
      this.pending.delete(key);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.remember(key, value, ttlMs);
    }
  }

  /** The raw value of a key, or undefined when the store is unreachable (or the key awaits an invalidation here). */
  async get(key: string): Promise<string | null | undefined> {
    if (this.pending.has(key)) return undefined;
    try {
      return await this.options.store.get(key);
    } catch (error) {
      if (error instanceof StoreUnavailableError) return undefined;
      throw error;
    }
  }

  observe(kind: CacheKind, event: CacheEvent): void {
    this.options.observer?.cacheEvent(kind, event);
  }

  close(): void {
    clearInterval(this.retrying);
    this.retrying = undefined;
  }

  private async lead<T>(
    kind: CacheKind,
    key: string,
    observed: string | null | undefined,
    fetch: () => Promise<T>,
    lifetimeMs: (value: T) => number,
    fresh: boolean,
  ): Promise<Stamped<T>> {
    const lock = observed !== undefined && this.options.shared ? await this.lock(key) : undefined;
    try {
      if (lock === false) {
        const filled = await this.awaitFill<T>(key);
        if (filled) return filled;
      }
      // Another instance may have filled it and let go between this read and taking the lock.
      const filled = typeof lock === "string" && !fresh ? entryOf<T>(await this.get(key)) : undefined;
      if (filled) return filled;
      const read = await this.fetchNow(fetch);
      const keep = lifetimeMs(read.value) - (Date.now() - read.at);
      if (keep > 0 && observed !== undefined && (await this.fill(key, observed, JSON.stringify(read), keep))) {
        this.options.observer?.cacheEvent(kind, "fill");
      }
      return read;
    } finally {
      if (typeof lock === "string") void this.options.store.deleteIfEqual(`${key}:lock`, lock).catch(() => undefined);
    }
  }

  private async fetchNow<T>(fetch: () => Promise<T>): Promise<Stamped<T>> {
    const at = Date.now();
    return { value: await fetch(), at };
  }

  /** Writes only over what the read saw: a late fill never replaces a newer tombstone or entry. */
  private async fill(key: string, observed: string | null, value: string, ttlMs: number): Promise<boolean> {
    try {
      const { store } = this.options;
      return observed === null ? await store.setIfAbsent(key, value, ttlMs) : await store.replaceIfEqual(key, observed, value, ttlMs);
    } catch (error) {
      if (error instanceof StoreUnavailableError) return false;
      throw error;
    }
  }

  /** The key's fill lock: its token when taken, false when another holds it, undefined when the store cannot tell. */
  private async lock(key: string): Promise<string | false | undefined> {
    const mine = uniqueToken();
    try {
      return (await this.options.store.setIfAbsent(`${key}:lock`, mine, this.lockWaitMs * 2)) ? mine : false;
    } catch {
      return undefined;
    }
  }

  /** Another instance is reading this key: its entry, if it lands within the wait. */
  private async awaitFill<T>(key: string): Promise<Stamped<T> | undefined> {
    const giveUpAt = Date.now() + this.lockWaitMs;
    while (Date.now() < giveUpAt) {
      await sleep(LOCK_POLL_MS);
      const entry = entryOf<T>(await this.get(key));
      if (entry) return entry;
    }
    return undefined;
  }

  private remember(key: string, value: string, ttlMs: number): void {
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    if (this.pending.size === 0) this.options.log.warn("the shared store is unreachable: cache invalidations are retried until it answers; reads go to WeCom meanwhile");
    this.pending.set(key, { value, ttlMs });
    this.retrying ??= setInterval(() => void this.retry(), RETRY_EVERY_MS).unref();
  }

  private async retry(): Promise<void> {
    for (const [key, write] of [...this.pending]) {
      try {
        await this.options.store.set(key, write.value, write.ttlMs);
        if (this.pending.get(key) === write) this.pending.delete(key);
      } catch {
        return; // still unreachable: the next round tries again
      }
    }
    if (this.pending.size === 0) {
      clearInterval(this.retrying);
      this.retrying = undefined;
    }
  }
}

/** A kept entry, or undefined for nothing, a tombstone or something unreadable. */
function entryOf<T>(raw: string | null | undefined): Stamped<T> | undefined {
  if (!raw || raw.startsWith(TOMBSTONE)) return undefined;
  try {
    return JSON.parse(raw) as Stamped<T>;
  } catch {
    return undefined;
  }
}

/** A refusal of the leader's own budget: a follower reads with its own instead. */
const byUser = (error: unknown) => error instanceof UpstreamRateLimitedError && error.scope === "USER";

/** A value no other write has: randomUUID draws from a buffered pool, randomBytes calls OpenSSL each time (about 10 µs). */
export const uniqueToken = (): string => randomUUID();
