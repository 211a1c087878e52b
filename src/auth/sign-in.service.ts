import { refuseInvalid } from "../rules/input-error";
import { checkAll, opaqueId, rulesFor } from "../rules/rules";
import { WECOM } from "../wecom/wecom.endpoints";
import { INVALID_OAUTH_CODE } from "../wecom/wecom.errcodes";
import { WecomApiError } from "../wecom/wecom.errors";
import type { WecomClient } from "../wecom/wecom.client";
import { ForbiddenError, UnauthenticatedError } from "./auth.errors";
import type { IssuedSession, Sessions } from "./sessions";

const CODE_RULES = [rulesFor<{ code: string }>("").required("code", (a) => a.code, opaqueId(512))];

/**
 * signInWithWecom (CONTRACT §8): a WeCom OAuth code (from the H5 app's web authorization or QR
 * login) is exchanged through auth/getuserinfo for a session of the gateway. Members only.
 */
export class SignInService {
  constructor(
    private readonly wecom: WecomClient,
    private readonly sessions: Sessions | undefined,
  ) {}

  async signIn(code: string): Promise<IssuedSession> {
    refuseInvalid(checkAll(CODE_RULES, { code }, new Date()));
    if (!this.sessions) throw new ForbiddenError("Sign-in with WeCom is not enabled on this gateway (GATEWAY_SESSION_SECRET is not set).");
    let answer;
    try {
      answer = await this.wecom.call(WECOM.getUserInfo, { code });
    } catch (error) {
      if (error instanceof WecomApiError && error.errcode === INVALID_OAUTH_CODE) {
        throw new UnauthenticatedError("The sign-in code is invalid: it was used already, expired (5 minutes), or is another app's. Ask WeCom for a new one.");
      }
      throw error;
    }
    const userId = answer.userid ?? answer.UserId; // older answers spell it UserId
    if (!userId) throw new ForbiddenError("Only members of the corp can sign in; this WeCom user is not one.");
    return this.sessions.issue(userId);
  }
}
