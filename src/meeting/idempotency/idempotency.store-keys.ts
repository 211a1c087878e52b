import { createHash } from "node:crypto";
import type { Caller } from "../../auth/caller";

/** The owner mark of a meeting made without a key. */
export const UNKEYED = "-";

/** One caller's key as the guard keeps it. */
export interface KeyAddress {
  /** Where the key's record lives. */
  record: string;
  /** The mark on the meeting the key made or took: a short hash of `record`. */
  owner: string;
}

/**
 * Every store key of exactly-once, built here alone, under one corp's scope (gateways of corps
 * sharing a Redis never share a key):
 * - a key's record, `idem:<corp>:<hash>`: a hash of the caller's namespace and the client's
 *   string, so any string is a safe store key and the raw key is never stored (records written
 *   before the namespace was hashed this way are not found: README, exactly-once);
 * - a meeting's owner mark, `idem-meeting:<corp>:<meetingid>`: which key made or took it.
 */
export class IdempotencyStoreKeys {
  constructor(private readonly scope = "") {}

  /**
   * The key `key` of `caller`. Each kind of caller, and each user, has keys of its own: another
   * caller using the same text neither gets that meeting nor blocks it. The namespace and the key
   * are hashed as one JSON array, so no key text can reach another namespace.
   */
  of(caller: Caller, key: string): KeyAddress {
    const namespaced = caller.kind === "user" ? ["user", caller.userId, key] : [caller.kind, key];
    const record = this.scoped("idem", createHash("sha256").update(JSON.stringify(namespaced), "utf8").digest("hex"));
    return { record, owner: createHash("sha256").update(record).digest("base64url").slice(0, 22) };
  }

  /** Where the owner mark of a meeting lives. */
  meetingMark(meetingId: string): string {
    return this.scoped("idem-meeting", meetingId);
  }

  private scoped(kind: string, name: string): string {
    return this.scope ? `${kind}:${this.scope}:${name}` : `${kind}:${name}`;
  }
}
