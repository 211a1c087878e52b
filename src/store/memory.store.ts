import type { Store } from "./store";

/** Default bound on entries: about 65 MB of idempotency records at ~1.3 KB each. */
export const MEMORY_STORE_MAX_ENTRIES = 50_000;

interface Entry {
  value: string;
  expiresAt: number;
}

export interface MemoryStoreOptions {
  /**
   * Most entries held. Idempotency records live 24 h, so a busy single instance would otherwise
   * grow without bound (about 1.3 KB a record): past this the oldest are dropped first, with one
   * warning. Sustained keyed traffic beyond it wants REDIS_URL.
   */
  maxEntries?: number;
  /** Told once, when the bound first drops a live entry. */
  onFull?: (maxEntries: number) => void;
  sweepEveryMs?: number;
}

/** The single-instance store: a Map with lazy expiry, a periodic sweep, and a bound on its size. */
export class MemoryStore implements Store {
  readonly kind = "memory" as const;
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly maxEntries: number;
  private onFull: ((maxEntries: number) => void) | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxEntries = options.maxEntries ?? MEMORY_STORE_MAX_ENTRIES;
    this.onFull = options.onFull;
    this.sweeper = setInterval(() => this.sweep(), options.sweepEveryMs ?? 60_000);
    this.sweeper.unref();
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.put(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.put(key, value, ttlMs);
    return true;
  }

  async deleteIfEqual(key: string, expected: string): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.entries.delete(key);
    return true;
  }

  async replaceIfEqual(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.put(key, value, ttlMs);
    return true;
  }

  async isAvailable(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private put(key: string, value: string, ttlMs: number): void {
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.makeRoom();
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /**
   * Drops the oldest entry (a Map iterates in insertion order). Each kind of entry has one time
   * to live, so the oldest is about the first to expire anyway; the periodic sweep does expiry.
   */
  private makeRoom(): void {
    this.entries.delete(this.entries.keys().next().value!);
    this.onFull?.(this.maxEntries);
    this.onFull = undefined;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
