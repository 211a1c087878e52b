import type { AccessTokens } from "./access-tokens";
import type { Endpoint } from "./wecom.endpoints";
import { SYSTEM_BUSY, TOKEN_REJECTED_ERRCODES } from "./wecom.errcodes";
import { WecomApiError } from "./wecom.errors";
import type { WecomHttp } from "./wecom.http";
import type { WecomResult } from "./wecom.types";

/**
 * WeCom's API as the gateway uses it: one generic call that owns the access token, the retries
 * and the errcode check. The endpoints are the table in wecom.endpoints.ts.
 */
export class WecomClient {
  constructor(
    private readonly http: WecomHttp,
    private readonly tokens: AccessTokens,
  ) {}

  /**
   * Calls `endpoint` and returns its result when `errcode` is 0; otherwise throws WecomApiError.
   * Retried, once each, only where nothing can have been done twice: a refused token (40014,
   * 42001: the call was not carried out) with a fresh one, and `-1` (busy) on a read.
   */
  async call<Req, Res extends WecomResult>(endpoint: Endpoint<Req, Res>, request: Req): Promise<Res> {
    let token = endpoint.token ? await this.tokens.get() : undefined;
    let result = await this.http.send<Res>(endpoint, request as object, token);
    if (token !== undefined && TOKEN_REJECTED_ERRCODES.has(result.errcode)) {
      await this.tokens.invalidate(token);
      token = await this.tokens.get();
      result = await this.http.send<Res>(endpoint, request as object, token, true);
    }
    if (result.errcode === SYSTEM_BUSY && endpoint.read) {
      result = await this.http.send<Res>(endpoint, request as object, token, true);
    }
    if (result.errcode !== 0) throw new WecomApiError(result.errcode, result.errmsg ?? "", endpoint);
    return result;
  }
}
