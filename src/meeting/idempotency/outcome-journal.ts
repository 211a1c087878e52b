import type { Logger } from "pino";
import { StoreUnavailableError, type Store } from "../../store/store";

/** Writes kept while the store is unreachable; past this the oldest are dropped. */
const MAX_KEPT = 10_000;
const RETRY_EVERY_MS = 1_000;

interface Kept {
  value: string;
  /** When the entry would expire, had it been written on time. */
  expiresAt: number;
  onlyIfAbsent: boolean;
}

/**
 * The outcomes of keyed creates must reach the store: a meeting exists whatever the store says.
 * A write the store cannot take now is kept in memory and written again, every second, until it
 * goes through or its time to live has passed. (A record lost meanwhile is not a second meeting:
 * the key's retry looks the meeting up in WeCom.)
 */
export class OutcomeJournal {
  private readonly kept = new Map<string, Kept>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private warned = false;

  constructor(
    private readonly store: Store,
    private readonly log: Logger | undefined,
  ) {
    // Made at start, outside any request, so it carries no request's context.
    this.timer = setInterval(() => void this.flush(), RETRY_EVERY_MS).unref();
  }

  async set(key: string, value: string, ttlMs: number, options: { onlyIfAbsent?: boolean } = {}): Promise<void> {
    const entry: Kept = { value, expiresAt: Date.now() + ttlMs, onlyIfAbsent: options.onlyIfAbsent ?? false };
    if (this.kept.has(key)) {
      // An older write of this key waits: the newer one takes its place, in order.
      this.kept.set(key, entry);
      return;
    }
    try {
      await this.write(key, entry);
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      this.keep(key, entry);
    }
  }

  /** Stops retrying, after one last attempt at what is kept. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  private keep(key: string, entry: Kept): void {
    this.kept.delete(key);
    if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, entry);
    if (!this.warned) {
      this.warned = true;
      this.log?.warn("the store cannot take the outcomes of keyed creates now: they are kept and written again once it is back");
    }
  }

  /** One flush at a time: an older write must never land after a newer one. */
  private flush(): Promise<void> {
    if (this.kept.size === 0) return Promise.resolve();
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    for (const [key, entry] of [...this.kept]) {
      if (this.kept.get(key) !== entry) continue; // replaced meanwhile: the newer one is written instead
      if (entry.expiresAt <= Date.now()) {
        this.kept.delete(key);
        continue;
      }
      try {
        await this.write(key, entry);
        if (this.kept.get(key) === entry) this.kept.delete(key);
      } catch {
        return; // still unreachable: next time
      }
    }
    if (this.kept.size === 0 && this.warned) {
      this.log?.info("the kept outcomes of keyed creates are written");
      this.warned = false;
    }
  }

  private async write(key: string, entry: Kept): Promise<void> {
    const ttl = entry.expiresAt - Date.now();
    if (ttl <= 0) return;
    if (entry.onlyIfAbsent) await this.store.setIfAbsent(key, entry.value, ttl);
    else await this.store.set(key, entry.value, ttl);
  }
}
