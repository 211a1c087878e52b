import { LRUCache } from "lru-cache";
import { refuseInvalid } from "../rules/input-error";
import { checkAll, opaqueId, rulesFor } from "../rules/rules";
import { WECOM } from "../wecom/wecom.endpoints";
import { INVALID_OAUTH_CODE } from "../wecom/wecom.errcodes";
import { UpstreamError, WecomApiError } from "../wecom/wecom.errors";
import type { GetUserInfoResult } from "../wecom/wecom.types";
import type { WecomClient } from "../wecom/wecom.client";
import { ForbiddenError, UnauthenticatedError } from "./auth.errors";
import type { IssuedSession, Sessions } from "./sessions";
import type { SignInLimits } from "./sign-in-limits";

/** A code lives 5 minutes: one answered already is known spent that long. */
const CODE_LIFETIME_MS = 5 * 60_000;
const CODE_RULES = [rulesFor<{ code: string }>("").required("code", (a) => a.code, opaqueId(512))];

/**
 * signInWithWecom (CONTRACT §8): a WeCom OAuth code (from the H5 app's web authorization or QR
 * login) is exchanged through auth/getuserinfo for a session of the gateway. Members only.
 * Anyone may call it, so every sign-in is metered (SignInLimits), a code is exchanged upstream
 * once at a time (concurrent uses share the answer), and a code answered already is not sent again.
 */
export class SignInService {
  private readonly inFlight = new Map<string, Promise<GetUserInfoResult>>();
  /** Codes WeCom answered (used, or refused): single use, so sending one again could only fail. */
  private readonly spent = new LRUCache<string, true>({ max: 10_000, ttl: CODE_LIFETIME_MS });

  constructor(
    private readonly wecom: WecomClient,
    private readonly sessions: Sessions | undefined,
    private readonly limits: SignInLimits,
    /**
     * The client (address) of the request being served; undefined for a service caller (an API
     * key), which may sign its users in for them from one address and is not limited per client.
     */
    private readonly clientOf: () => string | undefined,
  ) {}

  async signIn(code: string): Promise<IssuedSession> {
    refuseInvalid(checkAll(CODE_RULES, { code }, new Date()));
    if (!this.sessions) throw new ForbiddenError("Sign-in with WeCom is not enabled on this gateway (GATEWAY_SESSION_SECRET is not set).");
    const client = this.clientOf();
    if (client !== undefined) await this.limits.admit(client);
    const answer = await this.userInfo(code, client ?? "service");
    const userId = answer.userid ?? answer.UserId; // older answers spell it UserId
    if (!userId) throw new ForbiddenError("Only members of the corp can sign in; this WeCom user is not one.");
    return this.sessions.issue(userId);
  }

  private userInfo(code: string, client: string): Promise<GetUserInfoResult> {
    if (this.spent.has(code)) return Promise.reject(invalidCode());
    let exchange = this.inFlight.get(code);
    if (!exchange) {
      exchange = this.exchange(code, client).finally(() => this.inFlight.delete(code));
      this.inFlight.set(code, exchange);
    }
    return exchange;
  }

  private async exchange(code: string, client: string): Promise<GetUserInfoResult> {
    const ticket = await this.limits.reserve(client);
    try {
      const answer = await this.wecom.call(WECOM.getUserInfo, { code });
      ticket.done(false);
      this.spent.set(code, true);
      return answer;
    } catch (error) {
      // Whatever WeCom saw and did not answer with a user counts against the corp's limit there.
      ticket.done(!(error instanceof UpstreamError && error.delivery === "not-sent"));
      if (error instanceof WecomApiError && error.errcode === INVALID_OAUTH_CODE) {
        this.spent.set(code, true);
        throw invalidCode();
      }
      throw error;
    }
  }
}

const invalidCode = () =>
  new UnauthenticatedError("The sign-in code is invalid: it was used already, expired (5 minutes), or is another app's. Ask WeCom for a new one.");
