/**
 * Shared state (access tokens, idempotency records) behind one small interface, so one
 * instance keeps it in memory and many instances share it through Redis.
 * Values are strings; callers serialise. Every write has a time to live.
 */
export interface Store {
  readonly kind: "memory" | "redis";
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Writes only when the key is absent; true when this call wrote it (a lock or a claim). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Deletes only while the key still holds `expected`; true when it deleted. */
  deleteIfEqual(key: string, expected: string): Promise<boolean>;
  /** Replaces the value only while the key still holds `expected` (in one step); true when it did. */
  replaceIfEqual(key: string, expected: string, value: string, ttlMs: number): Promise<boolean>;
  /** Whether the store can serve now (readiness). Never throws. */
  isAvailable(): Promise<boolean>;
  /** Why it cannot, naming what to check (readiness); for stores that can be unreachable. */
  unavailableReason?(): string;
  /**
   * Who serves the writes now (Redis' primary, or a Cluster's primaries); a different answer later
   * means a failover, which may have lost the last writes. Undefined where none can happen.
   */
  primaryIdentity?(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Thrown by a store that cannot be reached; the caller decides whether to degrade or refuse. */
export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super("the shared store is unreachable", { cause });
    this.name = "StoreUnavailableError";
  }
}
