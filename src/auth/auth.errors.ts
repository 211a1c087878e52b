/** No credential where one is needed, or one that does not verify (HTTP 401). `reason` is short and never holds the token. */
export class UnauthenticatedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "UnauthenticatedError";
  }
}

/** A user caller acting beyond its rights (§8); nothing that changes anything was sent. */
export class ForbiddenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ForbiddenError";
  }
}

/**
 * A sign-in refused by the gateway's sign-in limits; nothing was sent. `CLIENT`: this client
 * address' sign-ins per minute; `CORP`: the corp's budget of failed codes is spent and this
 * client had a failed code in the current minute.
 */
export class SignInRateLimitedError extends Error {
  constructor(
    readonly scope: "CLIENT" | "CORP",
    readonly retryAfterSeconds: number,
  ) {
    super(
      scope === "CLIENT"
        ? "too many sign-ins from this address; nothing was sent to WeCom"
        : "too many failed sign-in codes for the corp, and this address sent one of them; nothing was sent to WeCom",
    );
    this.name = "SignInRateLimitedError";
  }
}
