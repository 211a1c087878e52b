import { ApiKeys } from "./api-keys";
import { ANONYMOUS, SERVICE, type Caller } from "./caller";

/** The answer to "who is asking": a caller, no credential at all, or a credential that does not verify. */
export type Identification =
  | { kind: "caller"; caller: Caller }
  | { kind: "missing" }
  | { kind: "refused"; reason: string };

const BEARER = /^Bearer +(\S+) *$/i;

/** Verifies one kind of user token; undefined when the token is not of its kind. */
export interface TokenVerifier {
  verify(token: string): Promise<Identification | undefined>;
}

/**
 * CONTRACT §8: each request carries at most one credential, `Authorization: Bearer <credential>`:
 * an API key (a service caller) or a user token (each verifier in turn). Without any auth
 * configured, every request is anonymous.
 */
export class Callers {
  constructor(
    private readonly apiKeys: ApiKeys,
    private readonly verifiers: readonly TokenVerifier[] = [],
  ) {}

  /** Whether any way to authenticate is configured (then a request needs a credential). */
  get authConfigured(): boolean {
    return this.apiKeys.configured || this.verifiers.length > 0;
  }

  async identify(authorization: string | undefined): Promise<Identification> {
    if (!this.authConfigured) return { kind: "caller", caller: ANONYMOUS };
    if (authorization === undefined || authorization === "") return { kind: "missing" };
    const credential = BEARER.exec(authorization)?.[1];
    if (credential === undefined) return { kind: "refused", reason: "The Authorization header must be `Bearer <credential>`." };
    if (this.apiKeys.matches(credential)) return { kind: "caller", caller: SERVICE };
    for (const verifier of this.verifiers) {
      const answer = await verifier.verify(credential);
      if (answer) return answer;
    }
    return { kind: "refused", reason: this.verifiers.length > 0 ? "Invalid credential: neither an API key nor a token of this gateway." : "Invalid API key." };
  }
}
