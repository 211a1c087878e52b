import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Where a listing stands, as a position in the upstream's own listing and never as meeting ids:
 * the next page asks get_user_meetingid again from `upstream`, so every id it serves is one WeCom
 * lists for the user at that moment (a cursor kept from before the user lost access to a meeting
 * does not serve it). Tied to its listing (user, span), signed, and dated: it lives `ttlSeconds`.
 */
export interface ListingPosition {
  userId: string;
  from: number;
  to: number;
  /** The upstream cursor of the call whose answer the listing is in ("" after the last page). */
  upstream: string;
  /** How many ids of that answer were served already. */
  skip: number;
  /** The last id served of that answer: where it stands now, when the answer has moved. */
  last: string | null;
}

/** A cursor opened: its position, or why it cannot be used. */
export type OpenedCursor = { position: ListingPosition; problem?: undefined } | { problem: "unknown" | "expired"; position?: undefined };

const payloadSchema = z.tuple([
  z.string(), // userId
  z.number().int(), // from
  z.number().int(), // to
  z.string(), // upstream
  z.number().int().min(0), // skip
  z.string().nullable(), // last
  z.number().int(), // issued, unix seconds
]);

export class ListingCursors {
  constructor(
    private readonly key: Buffer,
    /** How long a cursor may be used after it was issued (GATEWAY_LISTING_CURSOR_TTL_SECONDS). */
    readonly ttlSeconds: number,
  ) {}

  /** Cursors signed with a key only this corp's gateways can derive (every instance the same). */
  static forCorp(corpId: string, corpSecret: string, ttlSeconds: number): ListingCursors {
    // v2: cursors of the format that carried meeting ids no longer open.
    return new ListingCursors(createHash("sha256").update(`listing-cursor-v2\0${corpId}\0${corpSecret}`).digest(), ttlSeconds);
  }

  encode(position: ListingPosition, now: Date): string {
    const { userId, from, to, upstream, skip, last } = position;
    const payload = Buffer.from(JSON.stringify([userId, from, to, upstream, skip, last, seconds(now)])).toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** The position, unless the cursor was not made by this gateway (or was altered) or has expired. */
  open(cursor: string, now: Date): OpenedCursor {
    const dot = cursor.indexOf(".");
    if (dot < 1 || cursor.length > 4096) return { problem: "unknown" };
    const payload = cursor.slice(0, dot);
    const given = Buffer.from(cursor.slice(dot + 1), "base64url");
    const expected = Buffer.from(this.sign(payload), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { problem: "unknown" };
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    } catch {
      return { problem: "unknown" };
    }
    const [userId, from, to, upstream, skip, last, issued] = parsed;
    if (seconds(now) - issued > this.ttlSeconds) return { problem: "expired" };
    return { position: { userId, from, to, upstream, skip, last } };
  }

  private sign(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, 16).toString("base64url");
  }
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
