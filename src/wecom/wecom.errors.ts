// Errors of the upstream layer: each states what happened to one call and whether the request
// can have reached WeCom. Advice for the caller is the edge's business (server/error-mapping.ts).
// Messages are built here, never copied from got: got's errors carry the URL, which carries the
// access token.

/** Whether WeCom can have acted on the request. */
export type Delivery = "not-sent" | "answered" | "maybe-applied";

export abstract class UpstreamError extends Error {
  abstract readonly delivery: Delivery;
  constructor(
    readonly endpoint: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** WeCom answered, with `errcode != 0`: it did not do what was asked. */
export class WecomApiError extends UpstreamError {
  readonly delivery = "answered";
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    endpoint: string,
  ) {
    super(endpoint, `WeCom ${endpoint} answered errcode ${errcode}: ${errmsg}`);
  }
}

/** The request never reached WeCom (refused, DNS, connect timeout, a reset before it was written). */
export class UpstreamUnavailableError extends UpstreamError {
  readonly delivery = "not-sent";
  constructor(endpoint: string, readonly reason: string) {
    super(endpoint, `WeCom ${endpoint} could not be reached (${reason}); nothing was sent`);
  }
}

/**
 * The request was sent and no WeCom result came back: no answer in time, the connection dropped,
 * or something else answered (a proxy's HTTP 502, an HTML page). WeCom may have acted on it.
 */
export class UpstreamTimeoutError extends UpstreamError {
  readonly delivery = "maybe-applied";
  constructor(
    endpoint: string,
    readonly reason: string,
    /** The HTTP status of an answer that was not a WeCom result, when there was one. */
    readonly httpStatus?: number,
  ) {
    super(endpoint, `WeCom ${endpoint}: ${reason}; the request was sent and may have been applied`);
  }
}

/** The gateway's own quota (CONTRACT §9) refused the call: nothing was sent. */
export class UpstreamRateLimitedError extends UpstreamError {
  readonly delivery = "not-sent";
  constructor(
    endpoint: string,
    readonly scope: "CORP" | "USER",
    readonly retryAfterSeconds: number,
  ) {
    super(
      endpoint,
      scope === "USER"
        ? `this user's budget of upstream calls is spent; nothing was sent to ${endpoint}`
        : `the corp's budget for WeCom ${endpoint} is spent or paused; nothing was sent`,
    );
  }
}

/** Token errcodes after which a call is retried once with a fresh token. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40014, 42001]);

/** gettoken errcodes that mean bad credentials: remembered, never retried in a loop (upstream bans the IP). */
export const CREDENTIAL_ERRCODES: ReadonlySet<number> = new Set([40001, 40013]);

/** WeCom's "system busy": a read may be repeated once. */
export const SYSTEM_BUSY = -1;
