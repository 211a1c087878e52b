import { decodeJwt } from "jose";
import { LRUCache } from "lru-cache";
import type { ApiKeys } from "./api-keys";
import { ANONYMOUS, SERVICE, type Caller } from "./caller";

/** The answer to "who is asking". */
export type Identification =
  | { kind: "caller"; caller: Caller; /** unix seconds: a verified token's `exp` */ expiresAt?: number }
  | { kind: "missing" }
  | { kind: "refused"; reason: string }
  /** The credential cannot be checked now (the identity provider's keys are unreachable). */
  | { kind: "unavailable"; reason: string };

/** Verifies one kind of user token; undefined when the token is not of its kind. */
export interface TokenVerifier {
  verify(token: string, claims: Record<string, unknown>): Promise<Identification | undefined>;
}

export interface CallersOptions {
  apiKeys: ApiKeys;
  /** The gateway's own sessions (signInWithWecom), when a session secret is set. */
  sessions?: TokenVerifier;
  /** The company's identity provider, when GATEWAY_JWT_JWKS_URL is set. */
  identityProvider?: TokenVerifier;
  /**
   * Whether a request needs a credential: some auth is configured. (In development the sessions
   * may be signed with a throwaway secret: tokens then verify, but nobody needs one.)
   */
  credentialRequired: boolean;
}

const BEARER = /^Bearer +(\S+) *$/i;
/** A verified credential is trusted again without a signature (or digest) check for at most this long. */
const VERIFIED_FOR_MS = 30_000;

/**
 * CONTRACT §8: each request carries at most one credential, `Authorization: Bearer <credential>`:
 * an API key (a service caller) or a user token (the gateway's session, or the identity
 * provider's JWT, told apart by their issuer). Verified user tokens are remembered briefly, so a
 * signed-in frontend does not pay a signature check on every request.
 */
export class Callers {
  private readonly verified = new LRUCache<string, Caller>({ max: 10_000, ttlAutopurge: false });

  constructor(private readonly options: CallersOptions) {}

  get credentialRequired(): boolean {
    return this.options.credentialRequired;
  }

  async identify(authorization: string | undefined): Promise<Identification> {
    if (authorization === undefined || authorization === "") {
      return this.options.credentialRequired ? { kind: "missing" } : { kind: "caller", caller: ANONYMOUS };
    }
    const credential = BEARER.exec(authorization)?.[1];
    if (credential === undefined) return { kind: "refused", reason: "the Authorization header must be `Bearer <credential>`" };
    // A credential verified a moment ago (an API key or a token) is not hashed or checked again.
    const known = this.verified.get(credential);
    if (known) return { kind: "caller", caller: known };
    if (this.options.apiKeys.matches(credential)) {
      this.verified.set(credential, SERVICE, { ttl: VERIFIED_FOR_MS });
      return { kind: "caller", caller: SERVICE };
    }
    const answer = await this.verifyToken(credential);
    if (answer.kind === "caller" && answer.expiresAt !== undefined) {
      const ttl = Math.min(VERIFIED_FOR_MS, answer.expiresAt * 1000 - Date.now());
      if (ttl > 0) this.verified.set(credential, answer.caller, { ttl });
    }
    return answer;
  }

  private async verifyToken(token: string): Promise<Identification> {
    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch {
      const anyTokens = this.options.sessions || this.options.identityProvider;
      return { kind: "refused", reason: anyTokens ? "invalid credential: neither an API key nor a token" : "invalid API key" };
    }
    const answer = (await this.options.sessions?.verify(token, claims)) ?? (await this.options.identityProvider?.verify(token, claims));
    return answer ?? { kind: "refused", reason: "token not issued by this gateway, and no identity provider is configured" };
  }
}
