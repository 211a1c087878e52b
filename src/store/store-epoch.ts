import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Store } from "./store";

const EPOCH_KEY = "gateway:epoch";
/** The marker should not expire: a marker gone is read as the store having forgotten. */
const MARKER_TTL_MS = 10 * 365 * 86_400_000;

interface Epoch {
  id: string;
  /** When a gateway found the store empty of its marker while it had seen one: the store forgot. */
  forgotAt?: number;
}

/**
 * Knows when the shared store lost its data (CONTRACT §6's guarantee depends on it): a marker
 * is written at start; when it is gone while the store answers, the store restarted without
 * persistence (or was flushed), and every record older than that may be missing. The instance
 * that notices writes a new marker that says when, so the others (and instances started later)
 * know too, for as long as the lost records would have lived.
 */
export class StoreEpoch {
  private known: Epoch | undefined;
  private checking: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    /** How long records live: a forget matters for this long. */
    private readonly recordsLiveMs: number,
  ) {}

  /** Reads (or, on a store never used before, writes) the marker. A fresh store is not a forget. */
  async start(): Promise<void> {
    await this.store.setIfAbsent(EPOCH_KEY, JSON.stringify({ id: randomUUID() } satisfies Epoch), MARKER_TTL_MS).catch(() => false);
    await this.check().catch(() => undefined);
    // Also between requests, so every instance learns of a forget soon, not only on its next keyed create.
    this.timer = setInterval(() => void this.check().catch(() => undefined), 2_000).unref();
  }

  close(): void {
    clearInterval(this.timer);
  }

  /**
   * Checks the marker now (one read); concurrent callers share the read. Throws
   * StoreUnavailableError when the store cannot be reached.
   */
  check(): Promise<void> {
    this.checking ??= this.read().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** Whether records written before now may be missing (the store forgot within their lifetime). */
  mayHaveForgotten(now = Date.now()): boolean {
    const forgotAt = this.known?.forgotAt;
    return forgotAt !== undefined && now - forgotAt < this.recordsLiveMs;
  }

  private async read(): Promise<void> {
    const text = await this.store.get(EPOCH_KEY);
    if (text !== null) {
      const epoch = parse(text);
      if (!epoch || (epoch.id === this.known?.id && epoch.forgotAt === this.known?.forgotAt)) return;
      if (this.known && epoch.id !== this.known.id && !epoch.forgotAt) {
        // Another marker than ours, that says nothing of a loss: someone found the store empty and
        // wrote a fresh one (an instance starting while it was). It forgot all the same.
        this.forgot({ ...epoch, forgotAt: Date.now() });
        await this.store.set(EPOCH_KEY, JSON.stringify(this.known), MARKER_TTL_MS).catch(() => undefined);
        return;
      }
      if (this.known && epoch.forgotAt) this.log.warn("another gateway found the shared store emptied: keyed creates look meetings up before creating");
      this.known = epoch;
      return;
    }
    if (this.known === undefined) {
      // Never seen a marker (started while the store was down): nothing to compare with.
      await this.store.setIfAbsent(EPOCH_KEY, JSON.stringify({ id: randomUUID() } satisfies Epoch), MARKER_TTL_MS);
      return this.read();
    }
    const forgotten: Epoch = { id: randomUUID(), forgotAt: Date.now() };
    if (await this.store.setIfAbsent(EPOCH_KEY, JSON.stringify(forgotten), MARKER_TTL_MS)) this.forgot(forgotten);
    else await this.read(); // another instance wrote it first
  }

  private forgot(epoch: Epoch): void {
    this.known = epoch;
    this.log.error(
      "the shared store lost its data (Redis restarted without persistence, or was flushed): idempotency records may be " +
        "missing, so for 24 h keyed creates look the meeting up in WeCom before creating it. Give Redis persistence (AOF).",
    );
  }
}

function parse(text: string): Epoch | undefined {
  try {
    const value = JSON.parse(text) as Epoch;
    return typeof value?.id === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
