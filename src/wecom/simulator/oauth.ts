/**
 * Sign-in (meeting-family.md §6): the codes `/connect/oauth2/authorize` hands the browser and
 * `GET /cgi-bin/auth/getuserinfo` exchanges for who signed in. A code is single use and expires
 * 5 minutes after it was issued. It is issued either for a member of the corp (answered with
 * `userid`, and a `user_ticket` for scope snsapi_privateinfo) or for someone who is not one
 * (answered with `openid`, and `external_userid` when that person is a customer).
 *
 * The authorize page is WeCom's, in a browser; the simulator's stand-in lets the developer say
 * who signs in (`userid`, or `openid` for a non-member).
 */
import { randomBytes } from "node:crypto";
import type { GetUserInfoResult, WecomResult } from "../wecom.types";
import { checkUserid } from "./body-rules";
import { attempt, refuseParam, wecomError } from "./errors";

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

  /** Whether the code would redeem now (unused, unexpired), without redeeming it. */
  isValid(code: string | undefined): boolean {
    const issued = code === undefined ? undefined : this.codes.get(code);
    return issued !== undefined && this.clock() < issued.expiresAt;
  }

  clear(): void {
    this.codes.clear();
  }

  private purgeExpired(): void {
    const now = this.clock();
    for (const [code, issued] of this.codes) if (now >= issued.expiresAt) this.codes.delete(code);
  }
}

/**
 * auth/getuserinfo past its token check: who the code was issued for, or 41008 (no code) or
 * 40029 (unknown, used or expired). `legacyUserIdKey` spells a member's key `UserId`.
 */
export function userInfo(codes: OAuthCodes, code: string | undefined, options: { legacyUserIdKey: boolean }): GetUserInfoResult {
  if (!code) return wecomError(41008);
  const who = codes.redeem(code);
  if (!who) return wecomError(40029);
  if (!who.member) {
    return { errcode: 0, errmsg: "ok", openid: who.openid, ...(who.external_userid !== undefined ? { external_userid: who.external_userid } : {}) };
  }
  return {
    errcode: 0,
    errmsg: "ok",
    ...(options.legacyUserIdKey ? { UserId: who.userid } : { userid: who.userid }),
    // An opaque value: the simulator has no API that takes one back.
    ...(who.scope === "snsapi_privateinfo" ? { user_ticket: `UT_${randomBytes(32).toString("base64url")}` } : {}),
  };
}

/** The authorize page's answer without redirect_uri (the simulator's own, not WeCom's). */
export interface AuthorizeResult extends WecomResult {
  code?: string;
  userid?: string;
  openid?: string;
  expires_in?: number;
}

/**
 * The authorize page's stand-in: `userid` (a member) or `openid` (not one, with
 * `external_userid` for a customer) says who signs in; `scope` defaults to snsapi_privateinfo;
 * an `appid` other than the corp's is 40013. With `redirect_uri` the answer is where to redirect
 * (`code` and `state` appended, as the real page does), without it the code as JSON.
 */
export function authorize(codes: OAuthCodes, query: Record<string, string>, corpId: string): { location: string } | AuthorizeResult {
  if (query.appid !== undefined && query.appid !== corpId) return wecomError(40013);
  const checked = attempt(() => {
    if ((query.userid === undefined) === (query.openid === undefined)) {
      refuseParam("userid", "give userid (a member) or openid (not a member), one of them");
    }
    if (query.userid !== undefined) checkUserid("userid", query.userid);
    if (query.openid !== undefined && (query.openid.length < 1 || Buffer.byteLength(query.openid) > 64)) {
      refuseParam("openid", "must be 1 to 64 bytes");
    }
    const scope = query.scope ?? "snsapi_privateinfo";
    if (!(SCOPES as readonly string[]).includes(scope)) refuseParam("scope", `must be ${SCOPES.join(" or ")}`);
    const redirect = query.redirect_uri === undefined ? undefined : URL.canParse(query.redirect_uri) ? new URL(query.redirect_uri) : null;
    if (redirect === null || (redirect && redirect.protocol !== "http:" && redirect.protocol !== "https:")) {
      refuseParam("redirect_uri", "must be an absolute http(s) URL");
    }
    const who: SignedIn = query.userid !== undefined
      ? { member: true, userid: query.userid, scope: scope as OAuthScope }
      : { member: false, openid: query.openid, ...(query.external_userid ? { external_userid: query.external_userid } : {}) };
    return { who, redirect };
  });
  if (!checked.ok) return checked.error;
  const { who, redirect } = checked.value;
  const code = codes.issue(who);
  if (redirect) {
    redirect.searchParams.set("code", code);
    redirect.searchParams.set("state", query.state ?? "");
    return { location: redirect.href };
  }
  const whoKey = who.member ? { userid: who.userid } : { openid: who.openid };
  return { errcode: 0, errmsg: "ok", code, ...whoKey, expires_in: CODE_TTL_SECONDS };
}
