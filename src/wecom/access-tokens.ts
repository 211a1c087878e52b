import { createHash } from "node:crypto";
import type { Logger } from "pino";
import type { Store } from "../store/store";
import { SharedCredential, type FetchedCredential } from "./shared-credential";
import { CREDENTIAL_ERRCODES } from "./wecom.errcodes";
import { UpstreamMaybeAppliedError, UpstreamUnavailableError, WecomApiError } from "./wecom.errors";
import { WECOM } from "./wecom.endpoints";
import type { WecomHttp } from "./wecom.http";
import type { WecomObserver } from "./wecom.observer";
import type { GetTokenResult, WecomResult } from "./wecom.types";

export interface WecomApp {
  corpId: string;
  corpSecret: string;
}

export interface AccessTokensOptions {
  /** How long a credential refusal (40001, 40013) is answered from memory. */
  refusalMemoryMs?: number;
  /** How long one instance may hold the refresh lock before others take over. */
  lockMs?: number;
}

/**
 * The app's access token: a SharedCredential (cached in the store, fetched once for all
 * concurrent callers and instances), plus what only gettoken needs: a refusal of the corp
 * credentials (40001, 40013) is remembered, so the gateway does not keep asking (WeCom bans an IP
 * that repeats secret errors).
 */
export class AccessTokens {
  private readonly refusalKey: string;
  private readonly refusalMemoryMs: number;
  private readonly token: SharedCredential;

  constructor(
    private readonly http: WecomHttp,
    private readonly app: WecomApp,
    store: Store,
    private readonly log: Logger,
    private readonly observer: WecomObserver,
    options: AccessTokensOptions = {},
  ) {
    // The key names the app without the secret: the corp id and a short hash of the secret.
    const secretHash = createHash("sha256").update(app.corpSecret).digest("hex").slice(0, 16);
    const tokenKey = `wecom:token:${app.corpId}:${secretHash}`;
    this.refusalKey = `${tokenKey}:refused`;
    this.refusalMemoryMs = options.refusalMemoryMs ?? 60_000;
    this.token = new SharedCredential(store, tokenKey, () => this.fetch(), {
      lockMs: options.lockMs,
      beforeFetch: () => this.throwIfRefused(),
    });
  }

  get(): Promise<string> {
    return this.token.get();
  }

  /** Drops `token` if it is still the cached one (a newer token fetched meanwhile stays). */
  invalidate(token: string): Promise<void> {
    return this.token.invalidate(token);
  }

  close(): Promise<void> {
    return this.token.close();
  }

  private async fetch(): Promise<FetchedCredential> {
    let result: GetTokenResult;
    try {
      result = await this.http.send<GetTokenResult>(WECOM.getToken, {
        corpid: this.app.corpId,
        corpsecret: this.app.corpSecret,
      });
    } catch (error) {
      // Without a token the call it was for was never sent, so even a gettoken timeout is "unavailable".
      if (error instanceof UpstreamMaybeAppliedError) throw new UpstreamUnavailableError(WECOM.getToken, error.reason);
      throw error;
    }
    if (result.errcode !== 0 || !result.access_token) {
      if (CREDENTIAL_ERRCODES.has(result.errcode)) await this.rememberRefusal(result);
      throw new WecomApiError(result.errcode, result.errmsg, WECOM.getToken);
    }
    this.observer.tokenFetched();
    this.log.debug({ expiresIn: result.expires_in }, "fetched a WeCom access token");
    return { value: result.access_token, expiresInSeconds: result.expires_in ?? 7200 };
  }

  private async rememberRefusal(result: WecomResult): Promise<void> {
    const refusal = JSON.stringify({ errcode: result.errcode, errmsg: result.errmsg });
    await this.token.withStore((s) => s.set(this.refusalKey, refusal, this.refusalMemoryMs));
    this.log.error(
      { corpId: this.app.corpId, errcode: result.errcode, errmsg: result.errmsg },
      `WeCom refused the corp credentials; not asking again for ${this.refusalMemoryMs / 1000} s ` +
        "(repeated secret errors get this IP banned upstream). Check WECOM_CORP_ID and WECOM_CORP_SECRET.",
    );
  }

  private async throwIfRefused(): Promise<void> {
    const refusal = await this.token.withStore((s) => s.get(this.refusalKey));
    if (!refusal) return;
    const { errcode, errmsg } = JSON.parse(refusal) as WecomResult;
    throw new WecomApiError(errcode, errmsg, WECOM.getToken);
  }
}
