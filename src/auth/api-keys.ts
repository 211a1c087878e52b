import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The service callers' keys (GATEWAY_API_KEYS), compared as SHA-256 digests with
 * timingSafeEqual: fixed-length digests keep the comparison usable and hide each key's length,
 * and every key is looked at, so the time taken does not tell which one matched.
 */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  matches(presented: string): boolean {
    const candidate = digest(presented);
    let found = false;
    for (const known of this.digests) found = timingSafeEqual(candidate, known) || found;
    return found;
  }
}

function digest(key: string): Buffer {
  return createHash("sha256").update(key, "utf8").digest();
}
