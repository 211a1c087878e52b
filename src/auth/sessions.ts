import { jwtVerify, SignJWT } from "jose";
import type { Identification, TokenVerifier } from "./callers";
import { refusalReason } from "./token-reasons";

/** The issuer of the gateway's own session tokens (CONTRACT §8). */
export const SESSION_ISSUER = "wecom-meeting-gateway";

export interface IssuedSession {
  token: string;
  userId: string;
  expiresAt: Date;
}

/**
 * The gateway's own sessions: HS256 JWTs with `sub` = the WeCom userid, issuer
 * SESSION_ISSUER and audience the corp id, made by signInWithWecom.
 */
export class Sessions implements TokenVerifier {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly corpId: string,
    private readonly ttlSeconds: number,
  ) {
    this.key = new TextEncoder().encode(secret); // its UTF-8 bytes are the key
  }

  async issue(userId: string, now = new Date()): Promise<IssuedSession> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(userId)
      .setIssuer(SESSION_ISSUER)
      .setAudience(this.corpId)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(this.key);
    return { token, userId, expiresAt: new Date(expiresAt * 1000) };
  }

  /** Only tokens that name this issuer are ours; the rest are another verifier's. */
  async verify(token: string, claims: { iss?: unknown }): Promise<Identification | undefined> {
    if (claims.iss !== SESSION_ISSUER) return undefined;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ["HS256"],
        issuer: SESSION_ISSUER,
        audience: this.corpId,
        clockTolerance: 30,
        requiredClaims: ["exp", "sub"],
      });
      return { kind: "caller", caller: { kind: "user", userId: payload.sub! }, expiresAt: payload.exp! };
    } catch (error) {
      return { kind: "refused", reason: refusalReason(error) };
    }
  }
}
