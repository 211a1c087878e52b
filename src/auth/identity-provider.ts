import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import type { Identification, TokenVerifier } from "./callers";
import { keySetUnreachable, refusalReason } from "./token-reasons";

export interface IdentityProviderOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** The claim that holds the WeCom userid (default `sub`). */
  userIdClaim: string;
}

/** Only asymmetric algorithms: a symmetric one would let anyone holding the public key sign. */
const ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"];

/**
 * User tokens from the company's identity provider (OIDC-style), verified with jose against its
 * JWKS: keys fetched and cached; a token with an unknown `kid` refetches the set, at most once
 * per 30 s (rotation); `exp` required; 30 s of clock tolerance.
 */
export class IdentityProvider implements TokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly options: IdentityProviderOptions) {
    this.keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  }

  /** Every token not of the gateway's own issuer is this provider's to judge. */
  async verify(token: string): Promise<Identification> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        algorithms: ALGORITHMS,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: 30,
        requiredClaims: ["exp"],
      });
      const userId = payload[this.options.userIdClaim];
      if (typeof userId !== "string" || userId === "") {
        return { kind: "refused", reason: `token has no ${this.options.userIdClaim} claim` };
      }
      return { kind: "caller", caller: { kind: "user", userId }, expiresAt: payload.exp! };
    } catch (error) {
      if (keySetUnreachable(error)) return { kind: "unavailable", reason: "the identity provider's keys cannot be fetched now" };
      return { kind: "refused", reason: refusalReason(error) };
    }
  }
}
