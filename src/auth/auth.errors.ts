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
