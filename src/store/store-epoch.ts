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
  /** How long after forgotAt records may be missing; absent: as long as records live. */
  forgetMs?: number;
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
  /** The primary last seen (Sentinel, Cluster): another one is a failover. */
  private primary: string | undefined;
  /** A failover's marker this instance could not write yet (the store refused it): written first. */
  private unsaved: Epoch | undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    /** How long records live: a forget matters for this long. */
    private readonly recordsLiveMs: number,
    /**
     * How long a failover matters. A failover loses only the writes replication had not carried;
     * where every write waits for a replica (REDIS_MIN_REPLICAS ≥ 1) a create is never sent on a
     * claim it could lose, so this covers creates in flight across it; otherwise as long as records live.
     */
    private readonly failoverMattersMs: number = recordsLiveMs,
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
    return forgotAt !== undefined && now - forgotAt < (this.known?.forgetMs ?? this.recordsLiveMs);
  }

  private async read(): Promise<void> {
    await this.noticeFailover();
    if (this.unsaved) {
      // Until our news is in the store, the marker there (the old one) would read as another loss.
      await this.store.set(EPOCH_KEY, JSON.stringify(this.unsaved), MARKER_TTL_MS);
      this.unsaved = undefined;
    }
    await this.readMarker();
  }

  /** A new primary since the last check: the store may have lost its last writes; say so to every instance. */
  private async noticeFailover(): Promise<void> {
    const primary = await this.store.primaryIdentity?.();
    if (primary === undefined || primary === this.primary) return;
    const before = this.primary;
    this.primary = primary;
    if (before === undefined) return;
    const failover: Epoch = { id: randomUUID(), forgotAt: Date.now(), forgetMs: this.failoverMattersMs };
    this.known = failover;
    this.unsaved = failover;
    this.log.error(
      { lookupsForSeconds: Math.round(this.failoverMattersMs / 1000) },
      "Redis failed over to another primary, which may lack the last writes: keyed creates look the meeting up in WeCom before creating it for a while",
    );
  }

  private async readMarker(): Promise<void> {
    const text = await this.store.get(EPOCH_KEY);
    if (text !== null) {
      const epoch = parse(text);
      if (!epoch || (epoch.id === this.known?.id && epoch.forgotAt === this.known?.forgotAt)) return;
      // Another gateway's older news (a failover it saw before ours) does not undo ours.
      if (epoch.forgotAt && this.known?.forgotAt && epoch.forgotAt < this.known.forgotAt && this.mayHaveForgotten()) return;
      if (this.known && epoch.id !== this.known.id && !epoch.forgotAt) {
        // Another marker than ours, that says nothing of a loss: someone found the store empty and
        // wrote a fresh one (an instance starting while it was). It forgot all the same.
        this.forgot({ ...epoch, forgotAt: Date.now() });
        await this.store.set(EPOCH_KEY, JSON.stringify(this.known), MARKER_TTL_MS).catch(() => undefined);
        return;
      }
      if (this.known && epoch.forgotAt) this.log.warn("another gateway found the shared store emptied or failed over (it may have lost data): keyed creates look meetings up before creating");
      this.known = epoch;
      return;
    }
    if (this.known === undefined) {
      // Never seen a marker (started while the store was down): nothing to compare with.
      await this.store.setIfAbsent(EPOCH_KEY, JSON.stringify({ id: randomUUID() } satisfies Epoch), MARKER_TTL_MS);
      return this.readMarker();
    }
    const forgotten: Epoch = { id: randomUUID(), forgotAt: Date.now() };
    if (await this.store.setIfAbsent(EPOCH_KEY, JSON.stringify(forgotten), MARKER_TTL_MS)) this.forgot(forgotten);
    else await this.readMarker(); // another instance wrote it first
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
