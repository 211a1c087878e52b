/**
 * Sign-in codes (meeting-family.md §6): what `/connect/oauth2/authorize` hands the browser and
 * `GET /cgi-bin/auth/getuserinfo` exchanges for who signed in. A code is single use and expires
 * 5 minutes after it was issued. It is issued either for a member of the corp (answered with
 * `userid`, and a `user_ticket` for scope snsapi_privateinfo) or for someone who is not one
 * (answered with `openid`, and `external_userid` when that person is a customer).
 */
import { randomBytes } from "node:crypto";

export const CODE_TTL_SECONDS = 300;

export type OAuthScope = "snsapi_base" | "snsapi_privateinfo";
export const SCOPES: readonly OAuthScope[] = ["snsapi_base", "snsapi_privateinfo"];

export type SignedIn =
  | { member: true; userid: string; scope: OAuthScope }
  | { member: false; openid: string; external_userid?: string };

interface Issued {
  who: SignedIn;
  expiresAt: number; // ms epoch
}

export class OAuthCodes {
  private readonly codes = new Map<string, Issued>();

  constructor(private readonly clock: () => number) {}

  issue(who: SignedIn): string {
    this.purgeExpired();
    const code = randomBytes(24).toString("base64url");
    this.codes.set(code, { who: structuredClone(who), expiresAt: this.clock() + CODE_TTL_SECONDS * 1000 });
    return code;
  }

  /** Who the code was issued for, once: a used, unknown or expired code gives undefined. */
  redeem(code: string): SignedIn | undefined {
    const issued = this.codes.get(code);
    if (!issued) return undefined;
    this.codes.delete(code);
    return this.clock() < issued.expiresAt ? issued.who : undefined;
  }

  clear(): void {
    this.codes.clear();
  }

  private purgeExpired(): void {
    const now = this.clock();
    for (const [code, issued] of this.codes) if (now >= issued.expiresAt) this.codes.delete(code);
  }
}

/** A `user_ticket`-like opaque value (the simulator has no API that takes one back). */
export function newUserTicket(): string {
  return `UT_${randomBytes(32).toString("base64url")}`;
}
