/**
 * Access tokens handed out by gettoken, and the check every other endpoint makes on the
 * `access_token` query parameter: 41001 missing, 40014 unknown or revoked, 42001 expired.
 */
import { randomBytes } from "node:crypto";

interface IssuedToken {
  expiresAt: number; // ms epoch, by the simulator's clock
  killedWith?: 40014 | 42001; // set by revokeAll()/expireAll(); the last call wins
}

export class AccessTokens {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly clock: () => number) {}

  /** A fresh token per call (real WeCom may hand back the current one): tests can tell them apart. */
  issue(ttlSeconds: number): string {
    const token = randomBytes(64).toString("base64url");
    this.tokens.set(token, { expiresAt: this.clock() + ttlSeconds * 1000 });
    return token;
  }

  /** The errcode refusing this token, or undefined when it is good. */
  check(token: string | undefined): 41001 | 40014 | 42001 | undefined {
    if (!token) return 41001;
    const issued = this.tokens.get(token);
    if (!issued) return 40014;
    if (issued.killedWith) return issued.killedWith;
    if (this.clock() >= issued.expiresAt) return 42001;
    return undefined;
  }

  revokeAll(): void {
    for (const t of this.tokens.values()) t.killedWith = 40014;
  }

  expireAll(): void {
    for (const t of this.tokens.values()) t.killedWith = 42001;
  }
}
