// Errors of the upstream layer. Their messages are built here, never copied from got:
// got's errors carry the request URL, and the URL carries the access token.

/** The upstream answered, with `errcode != 0`. */
export class WecomApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly endpoint: string,
  ) {
    super(`WeCom ${endpoint} answered errcode ${errcode}: ${errmsg}`);
    this.name = "WecomApiError";
  }
}

/** The request never reached the upstream (refused, DNS, connect timeout): safe to retry. */
export class UpstreamUnavailableError extends Error {
  constructor(readonly endpoint: string, reason: string) {
    super(`WeCom ${endpoint} could not be reached (${reason}); nothing was sent, it is safe to retry`);
    this.name = "UpstreamUnavailableError";
  }
}

/** The request was sent and no usable answer came back: the upstream may have acted on it. */
export class UpstreamTimeoutError extends Error {
  constructor(readonly endpoint: string, reason: string) {
    super(
      `WeCom ${endpoint} did not answer (${reason}); the request was sent, so the meeting may exist: retry only with the same idempotencyKey`,
    );
    this.name = "UpstreamTimeoutError";
  }
}

/** Token errcodes after which the call is retried once with a fresh token. */
export const TOKEN_REJECTED_ERRCODES: ReadonlySet<number> = new Set([40014, 42001]);

/** gettoken errcodes that mean bad credentials: remembered, never retried in a loop (upstream bans the IP). */
export const CREDENTIAL_ERRCODES: ReadonlySet<number> = new Set([40001, 40013]);
