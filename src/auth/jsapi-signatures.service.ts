import { problem, refuseInvalid, type Problem } from "../rules/input-error";
import { signJsApi, type JsApiSignature } from "../wecom/jsapi/jsapi-signature";
import type { JsApiTickets } from "../wecom/jsapi/jsapi-tickets";

/** What a WeCom H5 page passes to `ww.register` (CONTRACT §12b). */
export interface JsApiSignatures {
  corpId: string;
  agentId: number | null;
  corp: JsApiSignature;
  /** Null without WECOM_AGENT_ID. */
  app: JsApiSignature | null;
}

export interface JsApiSigningOptions {
  corpId: string;
  agentId: number | undefined;
  /** Origins of the pages signed for (GATEWAY_JSAPI_ORIGINS, default the CORS origins). */
  origins: readonly string[];
  /** Outside production with no origin configured: any http://localhost:<port> or 127.0.0.1 page. */
  localDevelopment: boolean;
}

/** Longer URLs are refused unread: no page a browser opens has one. */
export const MAX_URL_CHARACTERS = 4096;

const LOCAL_PAGE = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/;

/**
 * Signs a page's URL with the JS-SDK tickets, for the corp identity and (with an agent id) the
 * app identity, only for pages of the origins the gateway serves: a signature for any URL would
 * let another site use the corp's JS-SDK identity.
 */
export class JsApiSigning {
  private readonly origins: ReadonlySet<string>;

  constructor(
    private readonly tickets: JsApiTickets,
    private readonly options: JsApiSigningOptions,
  ) {
    this.origins = new Set(options.origins.map((origin) => origin.replace(/\/+$/, "")));
  }

  async sign(url: string): Promise<JsApiSignatures> {
    const refused = this.check(url);
    refuseInvalid(refused ? [{ path: "url", ...refused }] : []);
    const [corpTicket, appTicket] = await Promise.all([this.tickets.corpTicket(), this.tickets.appTicket()]);
    return {
      corpId: this.options.corpId,
      agentId: this.options.agentId ?? null,
      corp: signJsApi(corpTicket, url),
      app: appTicket === undefined ? null : signJsApi(appTicket, url),
    };
  }

  private check(url: string): Problem | undefined {
    if (url.length > MAX_URL_CHARACTERS) return problem("TOO_LONG", `must be at most ${MAX_URL_CHARACTERS} characters`, MAX_URL_CHARACTERS);
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      return problem("INVALID_FORMAT", "must be the page's full http(s) URL");
    }
    const allowed = this.origins.has(parsed.origin) || (this.options.localDevelopment && this.origins.size === 0 && LOCAL_PAGE.test(parsed.origin));
    if (!allowed) return problem("INVALID_CHOICE", "must be a page of an origin this gateway signs for (GATEWAY_JSAPI_ORIGINS)");
    return undefined;
  }
}
