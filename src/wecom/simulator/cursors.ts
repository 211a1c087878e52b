/**
 * Opaque page cursors: a position sealed with an HMAC, so that a garbled, made-up or foreign
 * cursor is told apart from a real one (and refused with 40058) without keeping every cursor
 * handed out. `rotate()` (on reset) makes every earlier cursor unknown.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export class Cursors {
  private key = randomBytes(32);

  /** A cursor of `kind` ("meetings", "invitees") holding `position` (JSON values). */
  seal(kind: string, position: unknown[]): string {
    const payload = Buffer.from(JSON.stringify([kind, ...position])).toString("base64url");
    return `${payload}.${this.tag(payload)}`;
  }

  /** The position in a cursor of `kind`, or undefined when it is not one this simulator made. */
  open(kind: string, cursor: string): unknown[] | undefined {
    const [payload, tag, extra] = cursor.split(".");
    if (extra !== undefined || !payload || !tag) return undefined;
    const want = Buffer.from(this.tag(payload));
    const got = Buffer.from(tag);
    if (got.length !== want.length || !timingSafeEqual(got, want)) return undefined;
    try {
      const value: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      if (!Array.isArray(value) || value[0] !== kind) return undefined;
      return value.slice(1);
    } catch {
      return undefined;
    }
  }

  rotate(): void {
    this.key = randomBytes(32);
  }

  private tag(payload: string): string {
    return createHmac("sha256", this.key).update(payload).digest("base64url").slice(0, 22);
  }
}
