import { UpstreamError } from "../wecom/wecom.errors";
import { WECOM, type AnyEndpoint } from "../wecom/wecom.endpoints";
import type { UpstreamGate } from "../wecom/wecom.observer";
import { currentRequest } from "./request-context";

/** The request has sent as many WeCom calls as one request may (GATEWAY_MAX_UPSTREAM_CALLS_PER_REQUEST): this one was not sent. */
export class UpstreamCallCapError extends UpstreamError {
  readonly delivery = "not-sent";
  constructor(
    endpoint: AnyEndpoint,
    readonly limit: number,
  ) {
    super(endpoint, `this request has made the ${limit} WeCom calls one request may make; nothing was sent to ${endpoint.path}`);
  }
}

const NOT_COUNTED: ReadonlySet<AnyEndpoint> = new Set<AnyEndpoint>([WECOM.getToken, WECOM.lookupMeetingIds, WECOM.lookupMeetingInfo]);

/**
 * The per-request cap, enforced as calls are made: asked before every call leaves (before the
 * quotas, which it then asks), it counts the request's calls and refuses the one past `max`, so
 * whatever the estimate before execution missed (further invitee pages, retries) stays
 * bounded. Not counted: the gateway's own calls, which have bounds of their own — gettoken (one
 * fetch shared by every request waiting for a token) and the exactly-once lookups (at most 10
 * pages and 50 get_info; capped here, a keyed create of an admin with many meetings could never
 * learn its outcome).
 */
export class UpstreamCallCap implements UpstreamGate {
  constructor(
    private readonly max: number,
    private readonly next: UpstreamGate,
  ) {}

  async admit(endpoint: AnyEndpoint): Promise<void> {
    const request = currentRequest();
    if (request === undefined || NOT_COUNTED.has(endpoint)) return this.next.admit(endpoint);
    if (request.upstreamCalls >= this.max) throw new UpstreamCallCapError(endpoint, this.max);
    // Taken before the quota is asked, so concurrent calls cannot all pass the check; given back when it refuses.
    request.upstreamCalls++;
    try {
      await this.next.admit(endpoint);
    } catch (refusal) {
      request.upstreamCalls--;
      throw refusal;
    }
  }

  answered(endpoint: AnyEndpoint, errcode: number): void {
    this.next.answered(endpoint, errcode);
  }
}
