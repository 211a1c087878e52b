// Errors of the upstream layer: each states what happened to one call of one endpoint and whether
// the request can have reached WeCom. Advice for the caller is the edge's business
// (server/error-mapping.ts). Messages are built here, never copied from got: got's errors carry
// the URL, which carries the access token.
import type { AnyEndpoint } from "./wecom.endpoints";

/** Whether WeCom can have acted on the request. */
export type Delivery = "not-sent" | "answered" | "maybe-applied";

export abstract class UpstreamError extends Error {
  abstract readonly delivery: Delivery;
  constructor(
    readonly endpoint: AnyEndpoint,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * WeCom answered, with `errcode != 0`: it did not do what was asked. `errmsg` is WeCom's own text,
 * for the logs (and trusted callers): it can carry the gateway's egress IP.
 */
export class WecomApiError extends UpstreamError {
  readonly delivery = "answered";
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    endpoint: AnyEndpoint,
  ) {
    super(endpoint, `WeCom ${endpoint.path} answered errcode ${errcode}: ${errmsg}`);
  }
}

/** The request never reached WeCom (refused, DNS, connect timeout, a reset before it was written). */
export class UpstreamUnavailableError extends UpstreamError {
  readonly delivery = "not-sent";
  constructor(endpoint: AnyEndpoint, readonly reason: string) {
    super(endpoint, `WeCom ${endpoint.path} could not be reached (${reason}); nothing was sent`);
  }
}

/**
 * The request was sent and no usable WeCom result came back: no answer in time, the connection
 * dropped, something else answered (a proxy's HTTP 502, an HTML page), or WeCom said "ok" without
 * what it creates. WeCom may have acted on it. (The GraphQL code stays UPSTREAM_TIMEOUT, CONTRACT §5.)
 */
export class UpstreamMaybeAppliedError extends UpstreamError {
  readonly delivery = "maybe-applied";
  constructor(
    endpoint: AnyEndpoint,
    readonly reason: string,
    /** The HTTP status of an answer that was not a WeCom result, when there was one. */
    readonly httpStatus?: number,
  ) {
    super(endpoint, `WeCom ${endpoint.path}: ${reason}; the request was sent and may have been applied`);
  }
}

/** The gateway's own quota (CONTRACT §9) refused the call: nothing was sent. */
export class UpstreamRateLimitedError extends UpstreamError {
  readonly delivery = "not-sent";
  constructor(
    endpoint: AnyEndpoint,
    readonly scope: "CORP" | "USER",
    readonly retryAfterSeconds: number,
  ) {
    super(
      endpoint,
      scope === "USER"
        ? `this user's budget of upstream calls is spent; nothing was sent to ${endpoint.path}`
        : `the corp's budget for WeCom ${endpoint.path} is spent or paused; nothing was sent`,
    );
  }
}
