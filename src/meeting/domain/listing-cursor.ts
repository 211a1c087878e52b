import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * Where a listing stands: the upstream's own cursor, plus the ids already read past the page
 * (the gateway reads one id ahead to know whether a next page exists). Tied to the listing it
 * came from (user, span), and signed: a cursor carries meeting ids, so one a caller made up could
 * otherwise list meetings that are not theirs.
 */
export interface ListingPosition {
  userId: string;
  from: number;
  to: number;
  /** The upstream cursor to continue from. */
  upstream: string;
  /** Ids already read from the upstream that come before `upstream`'s position. */
  carried: string[];
}

export class ListingCursors {
  constructor(private readonly key: Buffer) {}

  /** Cursors signed with a key only this corp's gateways can derive (every instance the same). */
  static forCorp(corpId: string, corpSecret: string): ListingCursors {
    return new ListingCursors(createHash("sha256").update(`listing-cursor\0${corpId}\0${corpSecret}`).digest());
  }

  encode(position: ListingPosition): string {
    const { userId, from, to, upstream, carried } = position;
    const payload = Buffer.from(JSON.stringify([userId, from, to, upstream, carried])).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position, or undefined when the cursor was not made by this gateway (or was altered). */
  decode(cursor: string): ListingPosition | undefined {
    const dot = cursor.indexOf(".");
    if (dot < 1 || cursor.length > 16_384) return undefined;
    const payload = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), "base64url");
    const expected = Buffer.from(this.sign(payload), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const [userId, from, to, upstream, carried] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      return { userId, from, to, upstream, carried };
    } catch {
      return undefined;
    }
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, 16).toString("base64url");
  }
}
