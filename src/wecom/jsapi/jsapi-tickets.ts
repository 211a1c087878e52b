import type { Store } from "../../store/store";
import { SharedCredential, type FetchedCredential } from "../shared-credential";
import type { WecomClient } from "../wecom.client";
import { WECOM, type AnyEndpoint } from "../wecom.endpoints";
import { UpstreamMaybeAppliedError } from "../wecom.errors";
import type { JsApiTicketResult } from "../wecom.types";

/**
 * The two JS-SDK tickets (jssdk-signature.md): the corp's (`get_jsapi_ticket`) and the app's
 * (`ticket/get?type=agent_config`). WeCom allows few fetches (100 an hour per app; the quota gate
 * enforces it), so each is a SharedCredential: one value for every instance, fetched once
 * however many ask. A ticket is a secret: it is never logged, answered or recorded.
 */
export class JsApiTickets {
  private readonly corp: SharedCredential;
  private readonly app: SharedCredential | undefined;

  constructor(wecom: WecomClient, store: Store, corpId: string, agentId: number | undefined, options: { lockMs?: number } = {}) {
    this.corp = new SharedCredential(store, `wecom:jsapi-ticket:corp:${corpId}`, () => fetchTicket(WECOM.getCorpJsApiTicket, wecom.call(WECOM.getCorpJsApiTicket, {})), options);
    this.app =
      agentId === undefined
        ? undefined
        : new SharedCredential(store, `wecom:jsapi-ticket:app:${corpId}:${agentId}`, () => fetchTicket(WECOM.getAppJsApiTicket, wecom.call(WECOM.getAppJsApiTicket, { type: "agent_config" })), options);
  }

  corpTicket(): Promise<string> {
    return this.corp.get();
  }

  /** Undefined without an agent id (WECOM_AGENT_ID): the app identity cannot be signed for. */
  appTicket(): Promise<string> | undefined {
    return this.app?.get();
  }

  async close(): Promise<void> {
    await Promise.all([this.corp.close(), this.app?.close()]);
  }
}

async function fetchTicket(endpoint: AnyEndpoint, answer: Promise<JsApiTicketResult>): Promise<FetchedCredential> {
  const result = await answer;
  if (!result.ticket) throw new UpstreamMaybeAppliedError(endpoint, "answered ok without a ticket");
  return { value: result.ticket, expiresInSeconds: result.expires_in ?? 7200 };
}
